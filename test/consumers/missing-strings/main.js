import 'voice-agent';

// The Anunzi adapter as a file of its own, built like the worklets: the element imports it when
// an Anunzi call starts (or the visitor reaches for the Start button).
import { registerAdapter } from '../providers/adapters';
import { createAnunzi } from '../providers/anunzi';

registerAdapter('anunzi', createAnunzi);

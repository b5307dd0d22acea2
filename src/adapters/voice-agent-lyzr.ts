// The Lyzr adapter as a file of its own, built like the worklets: the element imports it when
// a Lyzr call starts (or the visitor reaches for the Start button).
import { registerAdapter } from '../providers/adapters';
import { createLyzr } from '../providers/lyzr';

registerAdapter('lyzr', createLyzr);

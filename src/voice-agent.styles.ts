import { unsafeCSS } from 'lit';
// Vite minifies the CSS file at build time; `?inline` makes it a string, never a <link> or <style>.
import cssText from './voice-agent.css?inline';

// Our own static file, not user input: unsafeCSS is safe here.
export const styles = unsafeCSS(cssText);

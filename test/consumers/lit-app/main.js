import { LitElement, html } from 'lit';
import 'voice-agent';

class AppGreeting extends LitElement {
  render() {
    return html`<p>An app that uses Lit itself.</p>`;
  }
}
customElements.define('app-greeting', AppGreeting);
document.body.prepend(document.createElement('app-greeting'));

// Demo page script (an external file: the page's CSP forbids inline scripts). Shows each
// widget's tag as the site owner would write it, and logs every event the widgets fire.
const EVENTS = ['voice-agent-state', 'voice-agent-transcript', 'voice-agent-error', 'voice-agent-message', 'voice-agent-ignored'];
const log = document.getElementById('log');

for (const snippet of document.querySelectorAll('.snippet')) {
  const widget = document.getElementById(snippet.dataset.for);
  if (!widget) continue;
  const attributes = [...widget.attributes]
    .filter((attribute) => !['id', 'state'].includes(attribute.name))
    .map((attribute) => `\n    ${attribute.name}="${attribute.value}"`)
    .join('');
  snippet.textContent = `<voice-agent${attributes}>\n</voice-agent>`;
}

function logEvent(event) {
  const entry = document.createElement('li');
  const time = new Date().toLocaleTimeString();
  entry.textContent = `${time}  #${event.target.id}  ${event.type.replace('voice-agent-', '')}  ${JSON.stringify(event.detail)}`;
  log.prepend(entry);
  while (log.children.length > 200) log.lastElementChild.remove();
}

for (const type of EVENTS) document.addEventListener(type, logEvent);

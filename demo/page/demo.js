// Demo page script (an external file: the page's CSP forbids inline scripts). Shows each
// widget's tag as the site owner would write it, and logs every event the widgets fire.
const EVENTS = ['voice-agent-state', 'voice-agent-transcript', 'voice-agent-interrupted', 'voice-agent-error', 'voice-agent-message', 'voice-agent-ignored'];
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

// The reply menu: switches how the local mock agents answer (POST /__reply on each mock), from
// the next turn on. `?reply=parrot` in the page's address picks a mode at load. Hidden when
// the page talks to real vendors (no mocks to switch).
const replyForm = document.getElementById('reply');
const replyMocks = (replyForm?.dataset.mocks ?? '').split(' ').filter((url) => url.startsWith('http'));
if (replyForm && replyMocks.length) {
  const select = document.getElementById('reply-mode');
  const status = document.getElementById('reply-status');
  const modes = [...select.options].map((option) => option.value);
  const setMode = async (mode) => {
    status.textContent = '…';
    try {
      const answers = await Promise.all(
        replyMocks.map((url) => fetch(`${url}/__reply`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ mode }) })),
      );
      status.textContent = answers.every((answer) => answer.ok) ? 'from your next turn on' : 'a mock refused the change';
    } catch {
      status.textContent = 'the mock agents are not reachable';
    }
  };
  replyForm.hidden = false;
  replyForm.addEventListener('submit', (event) => event.preventDefault());
  select.addEventListener('change', () => setMode(select.value));
  const asked = new URLSearchParams(location.search).get('reply');
  if (modes.includes(asked)) {
    select.value = asked;
    setMode(asked);
  } else {
    // Show what the mocks were started with (DEMO_REPLY), not the menu's first entry.
    fetch(`${replyMocks[0]}/__reply`)
      .then((answer) => answer.json())
      .then(({ mode }) => modes.includes(mode) && (select.value = mode))
      .catch(() => {});
  }
}

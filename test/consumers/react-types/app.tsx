// A React 19 app's view of the element, type-checked against the installed tarball.
// The runner adds the import of the package's JSX types entry (found in its exports) above.
export function App() {
  return <voice-agent provider="lyzr" agent-id="x" />;
}

const widget = document.querySelector('voice-agent')!;
widget.addEventListener('voice-agent-state', (e) => {
  const state: string = e.detail.state;
  console.log(state);
});

// The types are real, not `any`: these must be errors.
// @ts-expect-error an unknown provider
export const wrongProvider = <voice-agent provider="no-such-provider" />;
widget.addEventListener('voice-agent-state', (e) => {
  // @ts-expect-error the state is a string, not a number
  const state: number = e.detail.state;
  console.log(state);
});

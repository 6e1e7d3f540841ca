/** A render failure shows a message and a way back instead of a blank page. */
import { Component, type ReactNode } from 'react';

export class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div role="alert">
        <h1>Något gick fel i arbetsytan</h1>
        <p>Ladda om sidan. Det som redan är sparat finns kvar.</p>
        <p>
          <a href="/arbetsyta">Till arbetsytan</a>
        </p>
      </div>
    );
  }
}

import { useEffect } from 'react';

/** Names the browser tab after the screen, so a volunteer with many tabs finds Relais's. */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = title === 'Relais' ? title : `${title} · Relais`;
  }, [title]);
}

import { MantineProvider, createTheme } from '@mantine/core';
import { BrowserRouter } from 'react-router';
import { AppRoutes } from './AppRoutes.js';
import { SessionProvider } from './SessionProvider.js';

const theme = createTheme({
  primaryColor: 'blue',
  defaultRadius: 'md',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
});

/** The web app: theme, who is signed in, and the screens. */
export function App() {
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      <BrowserRouter>
        <SessionProvider>
          <AppRoutes />
        </SessionProvider>
      </BrowserRouter>
    </MantineProvider>
  );
}

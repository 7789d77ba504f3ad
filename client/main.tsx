import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './styles/base.css';
import './styles/print.css';
import { App } from './components/App.tsx';
import { prefetchOfflineBasemap } from './hooks/useOfflineBasemap.ts';

// before the first render: the basemap's files must not queue behind the data layers' requests
prefetchOfflineBasemap();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

import { Route, Routes } from 'react-router';
import { ScriptEditorPage } from './ScriptEditorPage.js';
import { ScriptListPage } from './ScriptListPage.js';

/** The scripts module: the list of scripts and each script's editor. */
export function ScriptsPage() {
  return (
    <Routes>
      <Route index element={<ScriptListPage />} />
      <Route path=":scriptId" element={<ScriptEditorPage />} />
    </Routes>
  );
}

import { Route, Routes } from 'react-router';
import { PathBoardPage } from './PathBoardPage.js';
import { PathListPage } from './PathListPage.js';

/** The paths module: the list of paths and each path's board. */
export function PathsPage() {
  return (
    <Routes>
      <Route index element={<PathListPage />} />
      <Route path=":pathId" element={<PathBoardPage />} />
    </Routes>
  );
}

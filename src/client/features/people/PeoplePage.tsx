import { Route, Routes } from 'react-router';
import { PeopleHomePage } from './PeopleHomePage.js';
import { PersonCreatePage } from './PersonCreatePage.js';
import { PersonProfilePage } from './PersonProfilePage.js';

/** The people module: its home (counts; search and filters come with lists), a new person, each profile. */
export function PeoplePage() {
  return (
    <Routes>
      <Route index element={<PeopleHomePage />} />
      <Route path="new" element={<PersonCreatePage />} />
      <Route path=":personId" element={<PersonProfilePage />} />
    </Routes>
  );
}

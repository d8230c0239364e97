import { relaxedAbuseSettings, setSettings } from './db';

// Runs after the web server has created the database (Playwright starts webServer first).
export default function globalSetup() {
  setSettings(relaxedAbuseSettings);
}

// HostFlow's Cockpit configuration. It replaces the webapp's own app/cockpit/scripts/config.js (the application's
// resources come first on the classpath) and adds HostFlow's plugins; everything else keeps Cockpit's defaults.
export default {
  // ES modules under app/cockpit/, loaded by Cockpit at start ("Finding a service in Cockpit" in README.md)
  customScripts: ['scripts/hostflow-service-search.js'],
  disableWelcomeMessage: true
};

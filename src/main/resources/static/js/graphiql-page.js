// GraphiQL (UMD bundle from the WebJar, with React and ReactDOM as globals) against the
// profile API. A file of its own, not an inline script: the site's CSP allows scripts from
// 'self' only. Same-origin fetches carry the session cookie, so signed-in users can read
// their own private profile; /profile-graph changes nothing, so it needs no CSRF token.
const root = document.getElementById('graphiql');
const fetcher = GraphiQL.createFetcher({ url: root.dataset.endpoint });
ReactDOM.createRoot(root).render(
  React.createElement(GraphiQL, {
    fetcher,
    defaultQuery: root.dataset.query,
    defaultEditorToolsVisibility: false,
  }),
);

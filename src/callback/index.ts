/**
 * `@codespar/connect-react/callback`: runs on the OAuth redirect page. Implemented with the popup
 * flow (issue 3); this entry exists so the package layout and exports map are complete.
 */
export {};

// A real OpenID provider for the OAuth end-to-end tests: npm's oidc-provider (OpenID
// Certified) on 127.0.0.1, with one test user and its own login and consent pages.
//
// Environment: OIDC_PORT, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URIS (comma-
// separated: the callback URL of each MCP server under test). Prints "ready" when listening.
import http from "node:http";
import Provider from "oidc-provider";

const port = Number(process.env.OIDC_PORT);
const issuer = `http://127.0.0.1:${port}`;
export const USERS = {
  alice: {
    password: "wonderland-password",
    claims: { sub: "alice", name: "Alice", email: "alice@example.com", email_verified: true },
  },
};

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: process.env.OIDC_CLIENT_ID,
      client_secret: process.env.OIDC_CLIENT_SECRET,
      redirect_uris: process.env.OIDC_REDIRECT_URIS.split(","),
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    },
  ],
  scopes: ["openid", "offline_access", "profile", "email", "admin"],
  claims: { openid: ["sub"], profile: ["name"], email: ["email", "email_verified"] },
  features: {
    devInteractions: { enabled: false },
    resourceIndicators: { enabled: false },
    revocation: { enabled: true },
  },
  pkce: { required: () => true },
  cookies: { keys: ["oidc-e2e-cookie-key-0123456789"] },
  findAccount: async (_ctx, id) =>
    USERS[id] && { accountId: id, claims: async () => USERS[id].claims },
  issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed("refresh_token"),
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
});

const page = (title, body) =>
  `<!doctype html><html><head><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`;

async function readForm(req) {
  let data = "";
  for await (const chunk of req) data += chunk;
  return Object.fromEntries(new URLSearchParams(data));
}

async function interaction(req, res) {
  const url = new URL(req.url, issuer);
  const [, , uid, action] = url.pathname.split("/");
  const details = await provider.interactionDetails(req, res);
  const send = (status, html) => {
    res.writeHead(status, { "content-type": "text/html; charset=utf-8" });
    res.end(html);
  };
  if (req.method === "GET" && details.prompt.name === "login") {
    return send(200, page("Sign in",
      `<form method="post" action="/interaction/${uid}/login">
         <input name="username" id="username"> <input name="password" id="password" type="password">
         <button type="submit" id="sign-in">Sign in</button></form>`));
  }
  if (req.method === "GET" && details.prompt.name === "consent") {
    const scopes = details.prompt.details.missingOIDCScope || [];
    return send(200, page("Authorize access",
      `<p id="client">${details.params.client_id}</p><p id="scopes">${scopes.join(" ")}</p>
       <form method="post" action="/interaction/${uid}/confirm">
         <button type="submit" id="allow">Allow</button></form>`));
  }
  if (req.method === "POST" && action === "login") {
    const form = await readForm(req);
    const user = USERS[form.username];
    if (!user || user.password !== form.password) {
      return send(401, page("Sign in failed", "<p>Wrong user name or password.</p>"));
    }
    return provider.interactionFinished(req, res, { login: { accountId: form.username } });
  }
  if (req.method === "POST" && action === "confirm") {
    const { prompt, params, session } = details;
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
    if (prompt.details.missingOIDCScope) grant.addOIDCScope(prompt.details.missingOIDCScope.join(" "));
    if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
    const grantId = await grant.save();
    return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }
  return send(400, page("Unexpected", `<p>${details.prompt.name}</p>`));
}

const callback = provider.callback();
http
  .createServer((req, res) => {
    if (req.url.startsWith("/interaction/")) {
      interaction(req, res).catch((error) => {
        res.writeHead(500, { "content-type": "text/plain" });
        res.end(String(error));
      });
      return;
    }
    callback(req, res);
  })
  .listen(port, "127.0.0.1", () => console.log("ready"));

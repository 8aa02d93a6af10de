/* Webhooks (admin keys only: a webhook sends customers' feedback out of the workspace): the
   registered ones with their deliveries, latest failure and receiver's back-off, adding one (its secret shown once),
   removing one, and sending its failed deliveries again. Everything comes from /v1/webhooks. */
import { $, h, day, zoneTime, fill, plural, empty, api, notify, attempt } from "./core.js";

// The events a webhook may take, as the server names them (the body's data-webhook-events).
const events = () => (document.body.dataset.webhookEvents || "").split(" ").filter(Boolean);

/** "desk.acme.com/hooks/boucle": the address without its query, which may hold a token. */
export function shownAddress(url) {
  try {
    const parts = new URL(url);
    return `${parts.host}${parts.pathname === "/" ? "" : parts.pathname}`;
  } catch {
    return url;
  }
}

/** The address with a line-break chance after each "/" (and before a "?"): a long one wraps
 * between its parts, not mid-word wherever the column ends. */
function addressParts(address) {
  return address.split(/(?<=\/)|(?=\?)/).map((part, i) => [i ? h("wbr") : null, part]);
}

export async function loadWebhooks() {
  const list = await attempt(() => api("/v1/webhooks"));
  if (!list) return;
  $("#webhooks-table tbody").replaceChildren(...list.items.map(webhookRow));
  $("#webhooks-table").hidden = !list.items.length;
  fill($("#webhooks-note"), list.items.length
    ? `${plural(list.items.length, "webhook")}. A delivery is retried with back-off, then ` +
      "failed after its last try: “Retry failed” sends those again."
    : empty("No webhooks yet: add one above and Boucle POSTs the events it takes there."));
}

/** What the last key showed goes when another key is saved (it may not see webhooks). */
export function clearWebhooks() {
  $("#webhooks-table tbody").replaceChildren();
  $("#webhook-secret").hidden = true;
  $("#webhook-secret").replaceChildren();
  $("#webhooks-note").replaceChildren();
}

function webhookRow(hook) {
  const counts = hook.deliveries || {};
  const failed = counts.failed || 0;
  const address = shownAddress(hook.url);
  const retry = h("button", { type: "button", class: "secondary small", disabled: !failed,
    title: failed ? "Send its failed deliveries again" : "No failed deliveries" },
  `Retry failed${failed ? ` (${failed})` : ""}`);
  retry.addEventListener("click", () => retryFailed(hook, retry));
  const remove = h("button", { type: "button", class: "secondary small danger" }, "Remove");
  remove.addEventListener("click", () => removeWebhook(hook, address, remove));
  return h("tr", { "data-webhook": hook.id },
    h("td", null, h("span", { class: "webhook-address", title: address }, addressParts(address)),
      hook.description ? h("div", { class: "muted small" }, hook.description) : null,
      // the API's secret_hint: which secret the receiver should hold (the secret is shown once)
      hook.secret_hint ? h("div", { class: "secret-hint muted small",
        title: "The secret's last 4 characters: the receiver checks the signatures with it" },
      `Secret ${hook.secret_hint}`) : null),
    h("td", null, hook.events.join(", ")),
    h("td", null, day(hook.created_at)),
    h("td", { class: "deliveries" },
      h("span", { title: "waiting for a first try or a retry" }, `${counts.pending || 0} pending`), " · ",
      h("span", { class: failed ? "failed" : "", title: "given up after the last try" }, `${failed} failed`), " · ",
      h("span", { title: "answered 2xx by the receiver" }, `${counts.sent || 0} delivered`)),
    h("td", { class: "last-failure" }, failureText(hook.last_failure, hook.backing_off_until || hook.receiver_problem),
      receiverText(hook)),
    h("td", { class: "actions" }, retry, remove));
}

function failureText(failure, receiverToo) {
  if (!failure) return receiverToo ? null : h("span", { class: "muted" }, "none");
  const state = failure.status === "failed" ? "given up" : failure.status === "pending" ? "retrying" : failure.status;
  return [h("span", null, failure.error),
    h("div", { class: "muted small" },
      `${failure.event}, event of ${day(failure.created_at)}: ` +
      `${failure.attempts} ${failure.attempts === 1 ? "try" : "tries"}, ${state}`)];
}

/** The receiver's state (api/loop/backoffs.py): its back-off after a timeout or no connection,
 * when no delivery is tried, and its last failed try, answered or not (kept once it answers). */
function receiverText(hook) {
  const backingOff = hook.backing_off_until && h("div", { class: "backing-off",
    title: "It did not answer in time or refused the connection: its deliveries wait" },
  `Receiver backing off: not tried before ${zoneTime(hook.backing_off_until)}`);
  const problem = hook.receiver_problem && h("div", { class: "receiver-problem muted small" },
    `Receiver's last failed try${hook.receiver_problem_at ? ` (${zoneTime(hook.receiver_problem_at)})` : ""}: ` +
    hook.receiver_problem);
  return [backingOff, problem];
}

async function retryFailed(hook, button) {
  const done = await attempt(() => api(`/v1/webhooks/${hook.id}/retry`, { method: "POST" }), button);
  if (!done) return;
  const count = `${done.retried} failed ${done.retried === 1 ? "delivery" : "deliveries"}`;
  notify(`${count} to ${shownAddress(hook.url)} will be sent again.`, "ok");
  loadWebhooks();
}

async function removeWebhook(hook, address, button) {
  if (!window.confirm(`Remove the webhook to ${address}? Nothing more is sent there, and its ` +
    "deliveries not yet sent are dropped.")) return;
  const done = await attempt(async () => {
    await api(`/v1/webhooks/${hook.id}`, { method: "DELETE" });
    return true;
  }, button);
  if (!done) return;
  notify(`Removed the webhook to ${address}.`, "ok");
  loadWebhooks();
}

/** The secret, answered once by POST /v1/webhooks: shown until dismissed, with a copy button. */
function showSecret(made) {
  const box = $("#webhook-secret");
  const field = h("input", { id: "webhook-secret-value", readonly: true, value: made.secret,
    spellcheck: "false", "aria-label": "Secret" });
  field.addEventListener("focus", () => field.select());
  const copy = h("button", { type: "button", class: "secondary small" }, "Copy");
  copy.addEventListener("click", async () => {
    field.select();
    try {
      await navigator.clipboard.writeText(made.secret);
      notify("Secret copied: keep it where your receiver checks the signatures.", "ok");
    } catch {
      notify("Copying was refused by the browser: the secret is selected, press Ctrl+C (⌘C).");
    }
  });
  const done = h("button", { type: "button", class: "small" }, "I have kept it");
  done.addEventListener("click", () => {
    box.hidden = true;
    box.replaceChildren();
  });
  fill(box,
    h("h2", { id: "webhook-secret-title" }, `Secret of the webhook to ${shownAddress(made.url)}`),
    h("p", null, "Shown this once: copy it now and keep it where your receiver checks the " +
      "X-Boucle-Signature-V2 header. It cannot be read again; to change it, remove the webhook " +
      "and add it again."),
    h("div", { class: "inline-form" }, field, copy, done));
  box.hidden = false;
  field.focus();
}

async function addWebhook(event) {
  event.preventDefault();
  const form = event.target;
  const description = form.elements.description.value.trim();
  const body = {
    url: form.elements.url.value.trim(),
    events: [...form.querySelectorAll('input[name="events"]:checked')].map((box) => box.value),
  };
  if (description) body.description = description;
  const made = await attempt(() => api("/v1/webhooks", { method: "POST", body }),
    form.querySelector('button[type="submit"]'));
  if (!made) return;
  form.reset();
  showSecret(made);
  loadWebhooks();
}

export function setupWebhooks() {
  fill($("#webhook-events"), events().map((name, index) => h("label", { class: "check" },
    h("input", { type: "checkbox", name: "events", value: name, checked: index === 0 }), ` ${name}`)));
  $("#webhook-form").addEventListener("submit", addWebhook);
}

// Copies the built GOV.UK Frontend from node_modules into static/vendor/, rewriting the stylesheet's absolute /assets/ URLs so that
// they resolve under Django's STATIC_URL.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const govuk = join(root, "node_modules", "govuk-frontend", "dist", "govuk");
const out = join(root, "static", "vendor");

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "govuk"), { recursive: true });
cpSync(join(govuk, "assets"), join(out, "govuk", "assets"), { recursive: true });
const css = readFileSync(join(govuk, "govuk-frontend.min.css"), "utf8")
  .replaceAll("url(/assets/", "url(assets/")
  .replace(/\/\*# sourceMappingURL=.*\*\//, "");
writeFileSync(join(out, "govuk", "govuk-frontend.min.css"), css);
const js = readFileSync(join(govuk, "govuk-frontend.min.js"), "utf8").replace(
  /\/\/# sourceMappingURL=.*$/m,
  "",
);
writeFileSync(join(out, "govuk", "govuk-frontend.min.js"), js);
console.log("static/vendor built from govuk-frontend");

#!/usr/bin/env bash
# Regenerates docs/images/*.png: the HTML report of a bundled example, and its Markdown report rendered the
# way a pull-request comment shows it (marked + GitHub's Markdown stylesheet, from the npm registry).
# Needs: the built CLI jar, chromium, node and npm.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=diagnostics-cli/target/diagnostics-cli.jar
bundle=${1:-examples/bundles/k8s-oom}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
java -jar "$jar" --input "$bundle" --output "$work/report.html" --output "$work/report.md" >/dev/null 2>&1 || true
(cd "$work" && npm install --silent --no-audit --no-fund marked@12 github-markdown-css@5 >/dev/null)
node -e '
const fs = require("fs"); const { marked } = require(process.argv[1] + "/node_modules/marked");
const css = fs.readFileSync(process.argv[1] + "/node_modules/github-markdown-css/github-markdown-light.css", "utf8");
const body = marked.parse(fs.readFileSync(process.argv[1] + "/report.md", "utf8"));
fs.writeFileSync(process.argv[1] + "/pr.html", `<!doctype html><meta charset="utf-8"><style>${css}
body{background:#fff;margin:0}.box{max-width:860px;margin:24px auto;border:1px solid #d0d7de;border-radius:6px}
.head{background:#f6f8fa;border-bottom:1px solid #d0d7de;padding:8px 16px;font:14px sans-serif;color:#57606a}
.markdown-body{padding:16px}</style><div class="box"><div class="head"><b>deploy-bot</b> commented</div>
<article class="markdown-body">${body}</article></div>`);
' "$work"
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
       --disable-component-update --disable-sync --disable-dev-shm-usage --hide-scrollbars)
mkdir -p docs/images
chromium "${flags[@]}" --user-data-dir="$work/c1" --window-size=1280,1700 --screenshot="$PWD/docs/images/html-report.png" "file://$work/report.html" 2>/dev/null
chromium "${flags[@]}" --user-data-dir="$work/c2" --window-size=960,1500 --screenshot="$PWD/docs/images/markdown-pr.png" "file://$work/pr.html" 2>/dev/null
echo "wrote docs/images/html-report.png and docs/images/markdown-pr.png"

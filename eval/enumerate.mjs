#!/usr/bin/env node
// Independent endpoint enumerator used to build the label skeletons (not the analyzer).
// usage: node enumerate.mjs <scopeDir>  -> JSON list of {kind,file,name,line}
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const ts = require('typescript');

const root = path.resolve(process.argv[2]);
const SKIP = new Set(['node_modules', '.next', 'dist', 'build', '.git', '.turbo', 'out', 'coverage', '.vercel']);
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
const out = [];

function walk(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(e.name)) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (/\.(tsx?|jsx?|mjs|cjs)$/.test(e.name) && !e.name.endsWith('.d.ts')) handle(p);
  }
}

function hasUseServer(stmts) {
  for (const s of stmts) {
    if (ts.isExpressionStatement(s) && ts.isStringLiteral(s.expression)) {
      if (s.expression.text === 'use server') return true;
      continue;
    }
    break;
  }
  return false;
}

function lineOf(sf, node) {
  return sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
}

function exportsOf(sf) {
  const res = [];
  for (const s of sf.statements) {
    const mods = ts.canHaveModifiers(s) ? ts.getModifiers(s) || [] : [];
    const isExp = mods.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    const isDef = mods.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
    if (ts.isFunctionDeclaration(s) && isExp) res.push({ name: isDef ? 'default' : s.name?.text, line: lineOf(sf, s) });
    else if (ts.isClassDeclaration(s) && isExp) res.push({ name: isDef ? 'default' : s.name?.text, line: lineOf(sf, s), cls: true });
    else if (ts.isVariableStatement(s) && isExp) {
      for (const d of s.declarationList.declarations) {
        if (ts.isIdentifier(d.name)) res.push({ name: d.name.text, line: lineOf(sf, s) });
        else if (ts.isObjectBindingPattern(d.name))
          for (const el of d.name.elements) res.push({ name: el.name.getText(sf), line: lineOf(sf, s), destructured: true });
      }
    } else if (ts.isExportAssignment(s)) res.push({ name: 'default', line: lineOf(sf, s) });
    else if (ts.isExportDeclaration(s)) {
      if (s.isTypeOnly) continue;
      if (!s.exportClause) res.push({ name: '*', line: lineOf(sf, s), from: s.moduleSpecifier?.text });
      else if (ts.isNamedExports(s.exportClause))
        for (const el of s.exportClause.elements) if (!el.isTypeOnly) res.push({ name: el.name.text, line: lineOf(sf, el), from: s.moduleSpecifier?.text });
    }
  }
  return res;
}

function handle(p) {
  const rel = path.relative(root, p).split(path.sep).join('/');
  const text = fs.readFileSync(p, 'utf8');
  const isRoute = /(^|\/)app\/(.*\/)?route\.(tsx?|jsx?|mjs)$/.test(rel);
  const isPagesApi = /(^|\/)pages\/api\//.test(rel);
  if (!isRoute && !isPagesApi && !text.includes('use server')) return;
  const kind = /\.(tsx|jsx)$/.test(p) ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const sf = ts.createSourceFile(p, text, ts.ScriptTarget.Latest, true, kind);
  if (isRoute) {
    for (const e of exportsOf(sf)) {
      if (METHODS.includes(e.name)) out.push({ kind: 'route', file: rel, name: e.name, line: e.line });
      else if (e.name === '*') out.push({ kind: 'route', file: rel, name: '*', line: e.line, from: e.from, note: 'export * — expand manually' });
    }
  }
  if (isPagesApi) {
    const def = exportsOf(sf).find((e) => e.name === 'default');
    if (def) out.push({ kind: 'pages-api', file: rel, name: 'default', line: def.line });
  }
  if (hasUseServer(sf.statements)) {
    for (const e of exportsOf(sf)) {
      if (e.cls) continue;
      out.push({ kind: 'action', file: rel, name: e.name, line: e.line, ...(e.from ? { from: e.from } : {}) });
    }
  }
  // inline 'use server'
  const visit = (n) => {
    if ((ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n) || ts.isArrowFunction(n) || ts.isMethodDeclaration(n)) && n.body && ts.isBlock(n.body)) {
      if (hasUseServer(n.body.statements) && n.parent !== sf) {
        let name = n.name && ts.isIdentifier(n.name) ? n.name.text : undefined;
        if (!name && ts.isVariableDeclaration(n.parent) && ts.isIdentifier(n.parent.name)) name = n.parent.name.text;
        out.push({ kind: 'action', inline: true, file: rel, name: name || `inline@${lineOf(sf, n)}`, line: lineOf(sf, n) });
      } else if (hasUseServer(n.body.statements) && n.parent === sf) {
        const name = n.name?.text;
        const exported = (ts.getModifiers(n) || []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
        out.push({ kind: 'action', inline: true, file: rel, name: name || `inline@${lineOf(sf, n)}`, line: lineOf(sf, n), topLevel: true, exported });
      }
    }
    ts.forEachChild(n, visit);
  };
  if (text.includes('use server')) visit(sf);
}

walk(root);
console.log(JSON.stringify(out, null, 1));

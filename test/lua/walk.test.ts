import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Node } from "luaparse";
import { describe, expect, it } from "vitest";
import { parseLua } from "../../src/lua/parse.js";
import { rangeOf, walkLua } from "../../src/lua/walk.js";

/*
 * walkLua knows the child keys of each luaparse node type. These tests hold it to the definition:
 * every node reachable through any key (luaparse's `globals` list aside), children in source order.
 */
const fixtures = fileURLToPath(new URL("../../fixtures", import.meta.url));

function luaFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return luaFiles(path);
    return entry.name.endsWith(".lua") ? [path] : [];
  });
}

/** the reference order: every key's nodes, sorted by where they start (stable) */
function referenceOrder(root: Node): Node[] {
  const order: Node[] = [];
  const visit = (node: Node): void => {
    order.push(node);
    const children: Node[] = [];
    for (const [key, value] of Object.entries(node)) {
      if (key === "globals") continue;
      for (const item of Array.isArray(value) ? value : [value]) {
        if (typeof item === "object" && item !== null && typeof (item as { type?: unknown }).type === "string") children.push(item as Node);
      }
    }
    for (const child of children.sort((a, b) => rangeOf(a)[0] - rangeOf(b)[0])) visit(child);
  };
  visit(root);
  return order;
}

const EVERY_SHAPE = `
local a, b = 1, "s"
local t = { [a] = b, k = true, nil, ... }
::top::
for i = 1, 10, 2 do if i > 5 then break elseif i < 0 then goto top else t[i] = -i end end
for k, v in pairs(t) do while k do k = not v end end
repeat local x = #t until x and t.k or t:m(1) .. f"s" .. g{1}
do local function h(p, ...) return p ^ 2 end end
function t.a.b:c(q) self.q = q end
`;

describe("walkLua", () => {
  it("visits every node of every luaparse shape once, in source order", () => {
    const { chunk } = parseLua(EVERY_SHAPE);
    const walked: Node[] = [];
    walkLua(chunk as Node, (node) => void walked.push(node));
    const types = new Set(walked.map((node) => node.type));
    for (const type of ["LabelStatement", "GotoStatement", "BreakStatement", "RepeatStatement", "ForNumericStatement", "ForGenericStatement", "TableKey", "TableKeyString", "TableValue", "VarargLiteral", "StringCallExpression", "TableCallExpression", "IndexExpression", "UnaryExpression", "LogicalExpression", "ElseClause", "ElseifClause", "DoStatement"]) {
      expect(types).toContain(type);
    }
    expect(walked).toEqual(referenceOrder(chunk as Node));
  });

  it("walks each fixture's Lua in the reference order", () => {
    const files = luaFiles(fixtures);
    expect(files.length).toBeGreaterThan(50);
    for (const file of files) {
      const { chunk } = parseLua(readFileSync(file, "utf8"));
      if (!chunk) continue;
      const walked: Node[] = [];
      walkLua(chunk, (node) => void walked.push(node));
      const reference = referenceOrder(chunk);
      expect(walked.length, file).toBe(reference.length);
      expect(walked.every((node, i) => node === reference[i]), file).toBe(true);
    }
  });

  it("skips a node's children when visit returns false, and passes its ancestors", () => {
    const { chunk } = parseLua("local t = { a = { b = 1 } }\nreturn t\n");
    const seen: string[] = [];
    walkLua(chunk as Node, (node, ancestors) => {
      seen.push(`${ancestors.length}:${node.type}`);
      if (node.type === "TableKeyString") return false;
    });
    expect(seen).toEqual(["0:Chunk", "1:LocalStatement", "2:Identifier", "2:TableConstructorExpression", "3:TableKeyString", "1:ReturnStatement", "2:Identifier"]);
  });
});

/**
 * A tiny SVG diagram renderer: boxes (nodes, load balancers, databases, clients, shared storage) and arrows, laid out
 * by hand in each diagram's spec. Drawn in React on the server, so diagrams are crisp, searchable, themeable and
 * need no image files. Every diagram is a role="img" with a <title> and <desc> for screen readers.
 */
import type { ReactNode } from "react";

export type BoxKind = "node" | "lb" | "db" | "client" | "fs" | "service";
export type Box = {
  id: string;
  x: number;
  y: number;
  w?: number;
  h?: number;
  label: string;
  sub?: string;
  kind?: BoxKind;
  tone?: "normal" | "failed" | "accent";
};
/** `offset` shifts the line sideways (px), so two one-way edges between the same boxes (request and reply) stay apart. */
export type Edge = {
  from: string;
  to: string;
  label?: string;
  dashed?: boolean;
  both?: boolean;
  labelDy?: number;
  offset?: number;
};
export type Group = { x: number; y: number; w: number; h: number; label: string };
export type DiagramSpec = {
  title: string;
  description: string;
  width: number;
  height: number;
  boxes: Box[];
  edges?: Edge[];
  groups?: Group[];
  notes?: { x: number; y: number; text: string }[];
};

const DEFAULT_W = 120;
const DEFAULT_H = 48;

const fills: Record<BoxKind, string> = {
  node: "#e8f1fb",
  lb: "#fff4d6",
  db: "#e9f7ec",
  client: "#f3f4f6",
  fs: "#f4ecfb",
  service: "#e8f1fb",
};

function size(b: Box): { w: number; h: number } {
  return { w: b.w ?? DEFAULT_W, h: b.h ?? DEFAULT_H };
}

function centre(b: Box): { cx: number; cy: number } {
  const { w, h } = size(b);
  return { cx: b.x + w / 2, cy: b.y + h / 2 };
}

/** Where the segment from the box centre towards (tx, ty) leaves the box's rectangle. */
function exitPoint(b: Box, tx: number, ty: number): { x: number; y: number } {
  const { w, h } = size(b);
  const { cx, cy } = centre(b);
  const dx = tx - cx;
  const dy = ty - cy;
  if (dx === 0 && dy === 0) return { x: cx, y: cy };
  const scale = Math.min(dx === 0 ? Infinity : w / 2 / Math.abs(dx), dy === 0 ? Infinity : h / 2 / Math.abs(dy));
  return { x: cx + dx * scale, y: cy + dy * scale };
}

function arrowHead(x: number, y: number, fromX: number, fromY: number): string {
  const angle = Math.atan2(y - fromY, x - fromX);
  const len = 9;
  const spread = 0.45;
  const p1 = `${x - len * Math.cos(angle - spread)},${y - len * Math.sin(angle - spread)}`;
  const p2 = `${x - len * Math.cos(angle + spread)},${y - len * Math.sin(angle + spread)}`;
  return `${x},${y} ${p1} ${p2}`;
}

function BoxShape({ box }: { box: Box }): ReactNode {
  const { w, h } = size(box);
  const kind = box.kind ?? "node";
  const stroke = box.tone === "failed" ? "#b42318" : box.tone === "accent" ? "#0b5cad" : "#57606a";
  const dash = box.tone === "failed" ? "5 4" : undefined;
  const { cx } = centre(box);
  const textY = box.sub ? box.y + h / 2 - 3 : box.y + h / 2 + 5;
  return (
    <g>
      {kind === "db" ? (
        <>
          <path
            d={`M${box.x},${box.y + 8} v${h - 16} a${w / 2},8 0 0 0 ${w},0 v${-(h - 16)}`}
            fill={fills.db}
            stroke={stroke}
            strokeWidth={1.5}
          />
          <ellipse cx={cx} cy={box.y + 8} rx={w / 2} ry={8} fill={fills.db} stroke={stroke} strokeWidth={1.5} />
        </>
      ) : (
        <rect
          x={box.x}
          y={box.y}
          width={w}
          height={h}
          rx={kind === "client" ? 20 : kind === "lb" ? 12 : 6}
          fill={fills[kind]}
          stroke={stroke}
          strokeWidth={1.5}
          strokeDasharray={dash}
        />
      )}
      <text
        x={cx}
        y={kind === "db" ? textY + 6 : textY}
        textAnchor="middle"
        fontSize={13}
        fontWeight={600}
        fill="#1b1f24"
      >
        {box.label}
      </text>
      {box.sub ? (
        <text x={cx} y={(kind === "db" ? textY + 6 : textY) + 16} textAnchor="middle" fontSize={11} fill="#3d444d">
          {box.sub}
        </text>
      ) : null}
      {box.tone === "failed" ? (
        <text x={box.x + w - 8} y={box.y + 14} textAnchor="end" fontSize={13} fontWeight={700} fill="#b42318">
          ✕
        </text>
      ) : null}
    </g>
  );
}

/** A vector of length `offset` at right angles to the segment a→b (zero when there is no offset). */
function normal(ax: number, ay: number, bx: number, by: number, offset: number): { nx: number; ny: number } {
  const len = Math.hypot(bx - ax, by - ay);
  if (offset === 0 || len === 0) return { nx: 0, ny: 0 };
  return { nx: (-(by - ay) / len) * offset, ny: ((bx - ax) / len) * offset };
}

function EdgeLine({ edge, boxes }: { edge: Edge; boxes: Map<string, Box> }): ReactNode {
  const from = boxes.get(edge.from);
  const to = boxes.get(edge.to);
  if (!from || !to) throw new Error(`diagram edge ${edge.from} -> ${edge.to} names a box that does not exist`);
  const a = centre(from);
  const b = centre(to);
  const exitStart = exitPoint(from, b.cx, b.cy);
  const exitEnd = exitPoint(to, a.cx, a.cy);
  const { nx, ny } = normal(a.cx, a.cy, b.cx, b.cy, edge.offset ?? 0);
  const start = { x: exitStart.x + nx, y: exitStart.y + ny };
  const end = { x: exitEnd.x + nx, y: exitEnd.y + ny };
  const mx = (start.x + end.x) / 2;
  const my = (start.y + end.y) / 2 + (edge.labelDy ?? -4);
  return (
    <g>
      <line
        x1={start.x}
        y1={start.y}
        x2={end.x}
        y2={end.y}
        stroke="#3d444d"
        strokeWidth={1.5}
        strokeDasharray={edge.dashed ? "6 4" : undefined}
      />
      <polygon points={arrowHead(end.x, end.y, start.x, start.y)} fill="#3d444d" />
      {edge.both ? <polygon points={arrowHead(start.x, start.y, end.x, end.y)} fill="#3d444d" /> : null}
      {edge.label ? (
        <text
          x={mx}
          y={my}
          textAnchor="middle"
          fontSize={11}
          fill="#1b1f24"
          stroke="#ffffff"
          strokeWidth={3}
          paintOrder="stroke"
        >
          {edge.label}
        </text>
      ) : null}
    </g>
  );
}

export function GraphDiagram({ spec }: { spec: DiagramSpec }): ReactNode {
  const boxes = new Map(spec.boxes.map((b) => [b.id, b]));
  return (
    <figure className="diagram">
      <svg
        viewBox={`0 0 ${spec.width} ${spec.height}`}
        role="img"
        aria-label={spec.title}
        width="100%"
        style={{ maxWidth: spec.width }}
      >
        <title>{spec.title}</title>
        <desc>{spec.description}</desc>
        {(spec.groups ?? []).map((g) => (
          <g key={`${g.x}-${g.y}-${g.label}`}>
            <rect x={g.x} y={g.y} width={g.w} height={g.h} rx={10} fill="none" stroke="#8c959f" strokeDasharray="4 4" />
            <text x={g.x + 10} y={g.y + 16} fontSize={12} fill="#3d444d">
              {g.label}
            </text>
          </g>
        ))}
        {(spec.edges ?? []).map((e) => (
          <EdgeLine key={`${e.from}-${e.to}-${e.label ?? ""}`} edge={e} boxes={boxes} />
        ))}
        {spec.boxes.map((b) => (
          <BoxShape key={b.id} box={b} />
        ))}
        {(spec.notes ?? []).map((n) => (
          <text key={`${n.x}-${n.y}`} x={n.x} y={n.y} fontSize={12} fill="#3d444d">
            {n.text}
          </text>
        ))}
      </svg>
      <figcaption>
        <strong>{spec.title}.</strong> {spec.description}
      </figcaption>
    </figure>
  );
}

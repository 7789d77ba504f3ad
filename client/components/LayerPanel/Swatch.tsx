import type { Swatch as SwatchSpec } from '../../layers/index.ts';

/** A legend symbol drawn with the same numbers as the map style. */
export function Swatch({ swatch, small = false }: { swatch: SwatchSpec; small?: boolean }) {
  const w = small ? 14 : 24;
  if (swatch.kind === 'fill') {
    const dash = swatch.dash?.map((d) => d * swatch.lineWidth).join(' ');
    return (
      <svg className="swatch" viewBox="0 0 24 16" width="24" height="16" aria-hidden="true">
        <rect
          x="1.5"
          y="1.5"
          width="21"
          height="13"
          rx="1.5"
          fill={swatch.color}
          fillOpacity={swatch.hollow ? 0 : Math.max(swatch.fillOpacity, 0.06)}
          stroke={swatch.color}
          strokeWidth={Math.min(swatch.lineWidth, 2.4)}
          {...(dash ? { strokeDasharray: dash } : {})}
        />
      </svg>
    );
  }
  if (swatch.kind === 'point') {
    return (
      <svg className="swatch" viewBox={small ? '5 0 14 16' : '0 0 24 16'} width={w} height="16" aria-hidden="true">
        <circle
          cx="12"
          cy="8"
          r={Math.min(swatch.radius, 6)}
          fill={swatch.hollow ? '#ffffff' : swatch.color}
          stroke={swatch.hollow ? swatch.color : '#ffffff'}
          strokeWidth={swatch.hollow ? 2 : 1.5}
        />
        {!swatch.hollow && <circle cx="12" cy="8" r={Math.min(swatch.radius, 6) + 0.75} fill="none" stroke="#00000022" strokeWidth="0.5" />}
      </svg>
    );
  }
  if (swatch.kind === 'ring') {
    return (
      <svg className="swatch" viewBox="0 0 24 16" width="24" height="16" aria-hidden="true">
        <circle cx="12" cy="8" r="6.25" fill={swatch.color} fillOpacity={swatch.fillOpacity} stroke={swatch.color} strokeWidth="2" />
      </svg>
    );
  }
  if (swatch.kind === 'hatch') {
    const id = `hatch-${swatch.color.slice(1)}`;
    return (
      <svg className="swatch" viewBox="0 0 24 16" width="24" height="16" aria-hidden="true">
        <defs>
          <pattern id={id} width="5" height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(-45)">
            <rect width="5" height="5" fill={swatch.color} fillOpacity="0.11" />
            <rect width="1.4" height="5" fill={swatch.color} fillOpacity="0.8" />
          </pattern>
        </defs>
        <rect x="1.5" y="1.5" width="21" height="13" rx="1.5" fill={`url(#${id})`} stroke={swatch.color} strokeWidth="1.8" />
      </svg>
    );
  }
  return (
    <svg className="swatch" viewBox="0 0 24 16" width="24" height="16" aria-hidden="true">
      <circle cx="12" cy="8" r="7" fill={swatch.color} fillOpacity="0.88" stroke="#ffffff" strokeWidth="1.5" />
      <text x="12" y="11" textAnchor="middle" fontSize="8.5" fontWeight="700" fill="#ffffff">
        12
      </text>
    </svg>
  );
}

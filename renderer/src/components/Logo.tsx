// Starling's mark, the one in assets/icon.svg (two four-pointed stars on the accent square), drawn
// inline so it needs no image request (the page's CSP allows no remote or data: images here).
export function Logo({ className = 'logo' }: { className?: string }) {
  return (
    <svg
      className={className}
      viewBox="64 64 896 896"
      aria-hidden="true"
      focusable="false"
      data-testid="logo"
    >
      <rect x="64" y="64" width="896" height="896" rx="200" fill="#2f7d6d" />
      <polygon
        fill="#ffffff"
        points="460,230 522.2,497.8 790,560 522.2,622.2 460,890 397.8,622.2 130,560 397.8,497.8"
      />
      <polygon
        fill="#ffffff"
        points="740,170 765.5,274.5 870,300 765.5,325.5 740,430 714.5,325.5 610,300 714.5,274.5"
      />
    </svg>
  );
}

/** "Newer / older" links for lists read a page at a time (stored reports, security review M8). */
export function PageLinks({ page, hasMore, href }: { page: number; hasMore: boolean; href: (page: number) => string }) {
  if (page <= 1 && !hasMore) return null;
  return (
    <p className="muted">
      {page > 1 ? <a href={href(page - 1)}>← newer attempts</a> : null}
      {page > 1 && hasMore ? " · " : null}
      {hasMore ? <a href={href(page + 1)}>older attempts →</a> : null} <span>(page {page})</span>
    </p>
  );
}

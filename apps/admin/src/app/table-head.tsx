/** A data table's column headings; with `action`, a last column for the row's buttons, named for screen readers. */
export function TableHead({ columns, action }: { columns: readonly string[]; action?: string | false }) {
  return (
    <thead>
      <tr>
        {columns.map((c) => (
          <th scope="col" key={c}>
            {c}
          </th>
        ))}
        {action ? (
          <th scope="col">
            <span className="sr-only">{action}</span>
          </th>
        ) : null}
      </tr>
    </thead>
  );
}

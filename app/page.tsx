/** Course home: lists the modules. Lessons and progress arrive with lib/content and lib/progress. */
export const dynamic = "force-dynamic";

const modules = [
  { id: "06-deployment-patterns-and-clustering", title: "Module 06 — Deployment patterns and clustering", summary: "Clusters, membership schemes, the four deployment patterns, and clustering API Manager, Enterprise Integrator and Identity Server." },
];

export default function HomePage() {
  return (
    <>
      <h1>WSO2 clustering, hands on</h1>
      <p>Read a lesson, then start a real multi-node cluster on your own machine and get it graded.</p>
      <h2>Modules</h2>
      <ul>
        {modules.map((m) => (
          <li key={m.id}>
            <strong>{m.title}</strong>
            <p>{m.summary}</p>
          </li>
        ))}
      </ul>
    </>
  );
}

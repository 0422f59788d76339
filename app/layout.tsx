import type { Metadata } from "next";
import type { ReactNode } from "react";
import "./globals.css";
import "./highlight.css";
import { AccountLinks } from "@/components/ui/AccountLinks";

export const metadata: Metadata = {
  title: { default: "ClusterLab", template: "%s · ClusterLab" },
  description: "Learn WSO2 product clustering with graded hands-on labs that run real clusters on your machine.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header className="site-header">
          <a href="/" className="brand">
            ClusterLab
          </a>
          <nav aria-label="Main">
            <a href="/">Course</a>
            <a href="/modules/06-deployment-patterns-and-clustering">Module 06</a>
            <a href="/labs">Labs</a>
            <a href="/progress">Progress</a>
            <a href="/modules/06-deployment-patterns-and-clustering/reference/training-node">Training node</a>
            <AccountLinks />
          </nav>
        </header>
        <main id="main">{children}</main>
        <footer className="site-footer">Course material adapted from WSO2 Training Module 06 (CC BY 4.0).</footer>
      </body>
    </html>
  );
}

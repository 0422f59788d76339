/**
 * The one components map lessons may use. lib/content/validate-body.ts keeps the matching list of names, and a
 * unit test checks the two agree. `Quiz` is per lesson: the page passes the rendered knowledge check in.
 */
import type { ReactNode } from "react";
import { Callout } from "./Callout";
import { ConfigCompare } from "./ConfigCompare";
import { LabCard } from "./LabCard";
import { LabCommands } from "./LabCommands";
import { Step, Steps } from "./Steps";
import {
  ApimDeploymentDiagram,
  ClusterDiagram,
  EiDeploymentDiagram,
  FullReplicationDiagram,
  IndependentNodesDiagram,
  IsDeploymentDiagram,
  LoadBalancerDiagram,
  MulticastDiagram,
  SharedDatabaseDiagram,
  StickySessionsDiagram,
  WkaJoinDiagram,
} from "./diagrams/diagrams";

export function lessonComponents(quiz: ReactNode) {
  return {
    Callout,
    Steps,
    Step,
    ConfigCompare,
    LabCard,
    LabCommands,
    Quiz: function Quiz(): ReactNode {
      return quiz;
    },
    ClusterDiagram,
    LoadBalancerDiagram,
    WkaJoinDiagram,
    MulticastDiagram,
    IndependentNodesDiagram,
    SharedDatabaseDiagram,
    StickySessionsDiagram,
    FullReplicationDiagram,
    IsDeploymentDiagram,
    ApimDeploymentDiagram,
    EiDeploymentDiagram,
  };
}

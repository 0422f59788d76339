/** kube-apiserver: the Kubernetes API stand-in (Endpoints + RBAC) the kubernetes scheme reads members from (ADR 0027). */
import { defineRole } from "./types";
import { STAND_IN_IMAGE, standInCommand, standInProgram, standInReadiness, standInRefusal } from "./stand-in";

const HOME = "/opt/clusterlab/kube-apiserver";

export const kubeApiserverRole = defineRole({
  name: "kube-apiserver",
  summary: "a Kubernetes API server stand-in serving Endpoints, enforcing the learner's rbac.yaml",
  // cluster.json (services, service-account tokens) and the learner's rbac.yaml.
  home: HOME,
  ports: [6443],
  // With the databases: pods read the endpoints when they start.
  stage: 0,
  startsAfter: "ready",
  readiness: standInReadiness,
  nodeEnv: () => ({}),
  command: standInCommand("kube-apiserver", `${HOME}/cluster.json`, 6443),
  image: STAND_IN_IMAGE,
  recogniseStartFailure: standInRefusal,
  program: () => standInProgram("kube-apiserver"),
});

/** ec2: the EC2 DescribeInstances stand-in the AWS membership scheme discovers members through (ADR 0027). */
import { defineRole } from "./types";
import { STAND_IN_IMAGE, standInCommand, standInProgram, standInReadiness, standInRefusal } from "./stand-in";

const HOME = "/opt/clusterlab/ec2";

export const ec2Role = defineRole({
  name: "ec2",
  summary:
    "an EC2 Query API stand-in (DescribeInstances, TerminateInstances) reading ec2.json and the learner's iam-policy.json",
  // ec2.json (the lab's instances and IAM users) and the learner's iam-policy.json.
  home: HOME,
  ports: [8080],
  // With the databases: the Carbon nodes ask it for their peers when they start.
  stage: 0,
  startsAfter: "ready",
  readiness: standInReadiness,
  nodeEnv: () => ({}),
  command: standInCommand("ec2", `${HOME}/ec2.json`, 8080),
  image: STAND_IN_IMAGE,
  recogniseStartFailure: standInRefusal,
  program: () => standInProgram("ec2"),
});

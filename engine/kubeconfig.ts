import { stringify } from 'yaml';

export interface KubeconfigUser {
  name: string;
  token: string;
}

/** A kubeconfig for the engine: one cluster, an admin context (current) and one context per user. */
export function buildKubeconfig(options: {
  server: string;
  /** PEM of the CA that signed the server's certificate. */
  certificateAuthority?: string | undefined;
  clusterName: string;
  admin: KubeconfigUser;
  users?: KubeconfigUser[];
  namespace?: string;
}): string {
  const { server, clusterName, admin } = options;
  const users = [admin, ...(options.users ?? [])];
  const contextName = (user: KubeconfigUser) =>
    user === admin ? clusterName : `${clusterName}-${user.name}`;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: clusterName,
        cluster: {
          ...(options.certificateAuthority
            ? { 'certificate-authority-data': Buffer.from(options.certificateAuthority).toString('base64') }
            : {}),
          server,
        },
      },
    ],
    users: users.map((user) => ({ name: `${clusterName}-${user.name}`, user: { token: user.token } })),
    contexts: users.map((user) => ({
      name: contextName(user),
      context: {
        cluster: clusterName,
        user: `${clusterName}-${user.name}`,
        namespace: options.namespace ?? 'default',
      },
    })),
    'current-context': clusterName,
    preferences: {},
  });
}

// Shared set-up for driving a running Stoa server with the official Mattermost
// JS client (`Client4` from @mattermost/client), as a web or bot developer would.
//
// The server is given by STOA_URL (e.g. http://127.0.0.1:18065). The first account on
// an empty server becomes system admin; its credentials come from STOA_ADMIN_USERNAME /
// STOA_ADMIN_PASSWORD so several suites can share one server (whichever runs first
// signs it up, the others log in).
import {randomBytes} from 'node:crypto';

import client from '@mattermost/client';

export const {Client4, ClientError} = client;

export const STOA_URL = (process.env.STOA_URL || '').replace(/\/+$/, '');
if (!STOA_URL) {
    console.error('STOA_URL is not set (e.g. STOA_URL=http://127.0.0.1:8065); run scripts/test-clients.sh');
    process.exit(2);
}

export const ADMIN_USERNAME = process.env.STOA_ADMIN_USERNAME || 'sysadmin';
export const ADMIN_PASSWORD = process.env.STOA_ADMIN_PASSWORD || 'Sys-admin-pw-1';
export const USER_PASSWORD = 'Js-user-pw-1';

// Unique per run, so the suite can run again against the same server.
export const RUN = randomBytes(4).toString('hex');

export function newClient() {
    const c = new Client4();
    c.setUrl(STOA_URL);
    return c;
}

export async function loggedIn(loginId, password) {
    const c = newClient();
    await c.login(loginId, password);
    return c;
}

/** Signs the admin up as the first user unless another suite already did; returns the
 *  sign-up response, or null when sign-up was refused because the server has users. */
export async function bootstrapAdmin() {
    try {
        return await newClient().createUser({
            username: ADMIN_USERNAME,
            email: `${ADMIN_USERNAME}@example.com`,
            password: ADMIN_PASSWORD,
        });
    } catch (e) {
        if (e instanceof ClientError && e.status_code === 403) {
            return null;
        }
        throw e;
    }
}

/** A well-formed Mattermost id that no object has. */
export function newId() {
    return randomBytes(13).toString('hex');
}

export const ID = /^[a-z0-9]{26}$/;

export const roleSet = (obj) => new Set(obj.roles.split(' ').filter(Boolean));

-- Sidebar categories (Mattermost's SidebarCategories / SidebarChannels): each user's grouping and
-- order of their channels in a team. A category belongs to a team membership; a stored channel
-- belongs to a category and to the user's channel membership, so leaving a channel removes its
-- rows, and deleting a team, channel or user removes everything with it (leaving a team keeps
-- the membership row, so the store deletes the categories then). A channel is in at most one
-- category of a user's team (the primary key); channels in none show in the default categories.

CREATE TABLE sidebar_categories (
    -- a new id, or '<type>_<user_id>_<team_id>' for the three default categories
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL,
    team_id      TEXT NOT NULL,
    sort_order   BIGINT NOT NULL DEFAULT 0,
    sorting      TEXT NOT NULL DEFAULT '',
    -- favorites, channels, direct_messages or custom
    type         TEXT NOT NULL,
    display_name TEXT NOT NULL,
    muted        BOOLEAN NOT NULL DEFAULT FALSE,
    collapsed    BOOLEAN NOT NULL DEFAULT FALSE,
    CONSTRAINT sidebar_categories_id_user_id_team_id UNIQUE (id, user_id, team_id),
    CONSTRAINT sidebar_categories_team_member FOREIGN KEY (team_id, user_id)
        REFERENCES team_members (team_id, user_id) ON DELETE CASCADE
);
CREATE INDEX sidebar_categories_user_id_team_id ON sidebar_categories (user_id, team_id, sort_order);

CREATE TABLE sidebar_channels (
    user_id     TEXT NOT NULL,
    team_id     TEXT NOT NULL,
    channel_id  TEXT NOT NULL,
    category_id TEXT NOT NULL,
    sort_order  BIGINT NOT NULL DEFAULT 0,
    CONSTRAINT sidebar_channels_user_id_team_id_channel_id PRIMARY KEY (user_id, team_id, channel_id),
    CONSTRAINT sidebar_channels_category FOREIGN KEY (category_id, user_id, team_id)
        REFERENCES sidebar_categories (id, user_id, team_id) ON DELETE CASCADE,
    CONSTRAINT sidebar_channels_channel_member FOREIGN KEY (channel_id, user_id)
        REFERENCES channel_members (channel_id, user_id) ON DELETE CASCADE
);
CREATE INDEX sidebar_channels_category_id ON sidebar_channels (category_id, sort_order);
-- Leaving a channel finds the rows to cascade by this.
CREATE INDEX sidebar_channels_channel_id_user_id ON sidebar_channels (channel_id, user_id);

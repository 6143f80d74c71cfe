"""A real bot on the PyPI framework `mmpy_bot`, run by test_bots.py as its own process.

It signs in with a bot account's personal access token and answers "ping <word>" with
"pong <word>" in the same channel.

    python echo_bot.py URL PORT TOKEN TEAM
"""

import sys

from mmpy_bot import Bot, Message, Plugin, Settings, listen_to


class Pong(Plugin):
    @listen_to(r"^ping (\S+)$")
    async def pong(self, message: Message, word: str):
        self.driver.reply_to(message, f"pong {word}")


def main():
    url, port, token, team = sys.argv[1:5]
    bot = Bot(
        settings=Settings(
            MATTERMOST_URL=url,
            MATTERMOST_PORT=int(port),
            MATTERMOST_API_PATH="/api/v4",
            BOT_TOKEN=token,
            BOT_TEAM=team,
            SSL_VERIFY=False,
        ),
        plugins=[Pong()],
    )
    bot.run()


if __name__ == "__main__":
    main()

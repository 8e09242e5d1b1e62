"""smtprecord: an aiosmtpd handler for the tests that appends every message
it receives to a file, one JSON line each: {"from", "to", "data"}.

  python3 -m aiosmtpd -n -l 127.0.0.1:PORT -c smtprecord.Recorder FILE
(with t/helper on PYTHONPATH)
"""
import json


class Recorder:
    def __init__(self, path):
        self.path = path

    @classmethod
    def from_cli(cls, parser, *args):
        if len(args) != 1:
            parser.error("smtprecord.Recorder takes the file to append to")
        return cls(args[0])

    async def handle_DATA(self, server, session, envelope):
        data = envelope.original_content or envelope.content
        if isinstance(data, bytes):
            data = data.decode("utf-8", "replace")
        with open(self.path, "a") as f:
            f.write(json.dumps({"from": envelope.mail_from,
                                "to": envelope.rcpt_tos,
                                "data": data}) + "\n")
        return "250 OK"

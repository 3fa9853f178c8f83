"""The checks scripts/test-post makes of one folder scripts/post-series
wrote: each patch's mail headers and text against the committed patch,
then the cover letter's.  One "ok NAME: WHAT" or "FAIL NAME: WHAT: WHY"
line each.  Not a command: test-post runs it as
  python3 scripts/post_folder.py NAME OUT COMMITTED BASE-SHA KDUMP-LIST
      F-PATTERNS-FILE "POSTER <ADDRESS>" "PLACEHOLDER <ADDRESS>"
"""
import email
import email.policy
import email.utils
import fnmatch
import os
import re
import sys


def say(name, what, why):
    """One ok line, or one FAIL line with the reasons WHY."""
    print(("ok %s: %s" if not why else "FAIL %s: %s: " + "; ".join(why)) % (name, what))


def parse(path):
    """(message, {"To": [...], "Cc": [...]} lower case, head, body)."""
    raw = open(path, encoding="utf-8").read()
    msg = email.message_from_string(raw, policy=email.policy.default)
    addrs = {h: [a.lower() for _, a in email.utils.getaddresses(
        [str(v) for v in msg.get_all(h, [])])] for h in ("To", "Cc")}
    head, _, body = raw.partition("\n\n")
    return msg, addrs, head, body


def sender(msg):
    """The From: header as "NAME <ADDRESS>"."""
    return "%s <%s>" % email.utils.parseaddr(str(msg["From"]))


class Folder:
    """One output folder and what it is checked against."""

    def __init__(self, name, out, committed, base, kdump_list, fpats, poster, placeholder):
        self.name, self.out, self.committed, self.base = name, out, committed, base
        self.kdump_list, self.poster = kdump_list, poster
        self.ph_name, self.ph_email = re.match(r"(.*) <(.*)>", placeholder).groups()
        self.patterns = [l.split() for l in open(fpats) if l.strip()]
        self.series = [l.split()[0] for l in open(os.path.join(committed, "series"))
                       if l.strip() and not l.startswith("#")]
        self.all_to, self.all_cc = [], []

    def kdump_file(self, f):
        """F is one of MAINTAINERS' KDUMP files (F: less X: patterns)."""
        def match(p):
            return p.endswith("/") and f.startswith(p) or fnmatch.fnmatchcase(f, p)
        return (any(match(p) for k, p in self.patterns if k == "F") and
                not any(match(p) for k, p in self.patterns if k == "X"))

    def sender_and_recipients(self, msg, addrs, body):
        """What is wrong with a patch's From:, sign-offs, To: and Cc:."""
        why = []
        if sender(msg) != self.poster:
            why.append("From: %s" % (msg["From"],))
        sobs = re.findall(r"^Signed-off-by: (.*)$", body, re.M)
        if sobs.count(self.poster) != 1:
            why.append("%d Signed-off-by of the poster" % sobs.count(self.poster))
        if any(self.ph_email in s or self.ph_name in s for s in sobs):
            why.append("the placeholder's Signed-off-by is there")
        if not addrs["To"]:
            why.append("no To:")
        both = set(addrs["To"]) & set(addrs["Cc"])
        if both:
            why.append("both To: and Cc: %s" % sorted(both))
        bad = [a for a in addrs["To"] + addrs["Cc"] if a == self.ph_email or
               a.startswith("stable@") or re.search(r"\.(invalid|example|test)$", a)]
        if bad:
            why.append("recipients %s" % bad)
        return why

    def patch(self, f):
        """Check patch F; collect its recipients for the cover letter."""
        msg, addrs, head, body = parse(os.path.join(self.out, f))
        why = self.sender_and_recipients(msg, addrs, body)
        touched = {p for pair in re.findall(r"^diff --git a/(\S+) b/(\S+)$", body, re.M)
                   for p in pair}
        if any(self.kdump_file(t) for t in touched) and self.kdump_list not in addrs["To"]:
            why.append("touches KDUMP's files but %s is not in To: %s"
                       % (self.kdump_list, addrs["To"]))
        # the text after the headers is the committed one but the sign-off
        # and format-patch's signature
        _, _, cbody = open(os.path.join(self.committed, f), encoding="utf-8").read().partition("\n\n")

        def strip(t):
            return [l for l in re.sub(r"\n-- \n[^\n]*\n*$", "\n", t).split("\n")
                    if not l.startswith("Signed-off-by: ")]
        if strip(body) != strip(cbody):
            why.append("the text differs from the committed patch's beyond the sign-off")
        say(self.name, f, why)
        self.all_to += [a for a in addrs["To"] if a not in self.all_to]
        self.all_cc += [a for a in addrs["Cc"] if a not in self.all_cc]

    def cover(self, f):
        """Check the cover letter F against the patches' recipients and
        the committed cover letter."""
        why = []
        msg, addrs, head, body = parse(os.path.join(self.out, f))
        if sender(msg) != self.poster:
            why.append("From: %s" % (msg["From"],))
        if self.kdump_list not in addrs["To"]:
            why.append("%s not in To: %s" % (self.kdump_list, addrs["To"]))
        if sorted(addrs["To"]) != sorted(self.all_to):
            why.append("To: %s is not the patches' %s" % (addrs["To"], self.all_to))
        if sorted(addrs["Cc"]) != sorted(a for a in self.all_cc if a not in self.all_to):
            why.append("Cc: %s is not the patches' %s less To:" % (addrs["Cc"], self.all_cc))
        cmsg, _, chead, cbody = parse(os.path.join(self.committed, "0000-cover-letter.patch"))
        if str(msg["Subject"]) != str(cmsg["Subject"]):
            why.append("Subject %r, committed %r" % (str(msg["Subject"]), str(cmsg["Subject"])))
        if cbody.split("\n\n")[0] not in body:
            why.append("the committed text's first paragraph is not there")
        if not re.search(r"^%s \(%d\):$" % (re.escape(self.poster.split(" <")[0]),
                                            len(self.series)), body, re.M):
            why.append("no shortlog of the poster")
        if "scripts/post-series" in body:
            why.append("the repository's paragraph naming scripts/post-series is there")
        if "\nbase-commit: %s\n" % self.base not in body:
            why.append("no base-commit: %s" % self.base)
        say(self.name, f, why)

    def check(self):
        """Every check of the folder, the cover letter last."""
        files = sorted(f for f in os.listdir(self.out) if f.endswith(".patch"))
        cover = [f for f in files if f.endswith("0000-cover-letter.patch")]
        numbered = [f for f in files if f not in cover]
        say(self.name, "%d patches and a cover letter" % len(self.series),
            [] if len(cover) == 1 and numbered == self.series else
            ["folder has %s, series file %s" % (files, self.series)])
        for f in numbered:
            self.patch(f)
        if cover:
            self.cover(cover[0])


if __name__ == "__main__":
    Folder(*sys.argv[1:]).check()

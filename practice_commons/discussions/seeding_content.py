"""Demo threads, written to read like practitioners' posts, with no identifying details:
no names of people worked with, no places narrower than a region, no dates of birth or
reference numbers (``tests/test_seeding.py`` runs every text through the guard).

Each entry: kind, title, body, details (the kind's extra answers), replies, and the
index of the reply that is the answer (or ``None``)."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class DemoThread:
    kind: str
    title: str
    body: str
    details: dict = field(default_factory=dict)
    replies: tuple[str, ...] = ()
    answer: int | None = None
    anonymous: bool = False


DEMO_THREADS: tuple[DemoThread, ...] = (
    DemoThread(
        "problem_solving",
        "Transfer meetings between assessment and long-term teams keep slipping",
        "Our transfer meetings between the assessment team and the long-term teams keep "
        "getting cancelled, and families end up waiting weeks with nobody clearly holding "
        "the work.\n\nHas anyone found a way of running transfers that actually sticks?",
        {
            "tried": "A shared calendar of transfer slots, and a rule that the receiving "
            "manager chairs. Both drifted within a month."
        },
        (
            "We stopped treating transfer as a meeting and made it a visit instead: the "
            "allocated worker and the new worker go together, and the paperwork follows. "
            "Families told us it felt much less like being passed on.",
            "Same problem here. What helped was a fixed weekly 30-minute slot owned by the "
            "service manager, not the team managers, so it couldn't be bumped.",
            "We track transfer time as a performance measure now. Uncomfortable at first, "
            "but it made the delays visible to senior managers.",
        ),
        answer=0,
    ),
    DemoThread(
        "problem_solving",
        "Getting GP information in time for strategy discussions",
        "Strategy discussions often go ahead without any health information because GP "
        "surgeries can't respond on the same day. How are other areas handling this?",
        {
            "tried": "Phoning the practice manager directly, and emailing the safeguarding "
            "inbox. Responses are still patchy."
        },
        (
            "Our named GP for safeguarding agreed a same-day line for strategy requests. It "
            "took a letter from the partnership to set up, but it works.",
            "We invite the health visitor or school nurse when there is one involved; they "
            "can often see the records and join at short notice.",
        ),
        answer=0,
    ),
    DemoThread(
        "request_for_information",
        "Does anyone have a good template for a multi-agency chronology?",
        "I'm reviewing how we build chronologies across agencies. Looking for a template "
        "that works when several services contribute, ideally one that has been through an "
        "audit.",
        {"needed_by": 21},
        (
            "We use a simple five-column table: date, source, event, impact on the child, "
            "and what was done. The impact column is the one that makes it useful.",
            "Our partnership published one last year. I'll attach our version once I've "
            "checked it's ok to share outside the authority.",
        ),
        answer=0,
    ),
    DemoThread(
        "request_for_information",
        "Which areas offer out-of-hours mental health assessment for under-18s?",
        "We are mapping what out-of-hours CAMHS assessment looks like across the region. "
        "If your area has a model, a line on how it works would really help.",
        {"needed_by": 35},
        (
            "Ours is a hub model: the adult crisis team covers overnight with a CAMHS "
            "consultant on call. It works for advice but not for face-to-face assessment.",
        ),
    ),
    DemoThread(
        "seeking_experience",
        "First time chairing a family group conference, any advice?",
        "I'm chairing my first family group conference next month. I've observed two but "
        "never led one. What do you wish you had known the first time?",
        {"experience_wanted": "Anyone who has chaired or co-ordinated family group conferences."},
        (
            "Give private family time real space. The plan the family makes alone is "
            "usually better than anything we would have suggested.",
            "Prepare the professionals as much as the family. Agree beforehand that they "
            "share information, not recommendations.",
            "Check the venue works for everyone, including the youngest people in the room. "
            "Food helps more than you would think.",
        ),
        answer=0,
    ),
    DemoThread(
        "seeking_experience",
        "Working with families where a parent has a learning disability",
        "I'd like to hear from anyone who has adapted their assessment approach for parents "
        "with a learning disability. What made the biggest difference?",
        {
            "experience_wanted": "Practitioners who have used easy-read or supported "
            "assessment tools."
        },
        (
            "Shorter sessions, more of them, and checking understanding by asking the "
            "parent to show rather than tell.",
            "Our adult learning disability team co-worked with us. Their input on "
            "communication changed how we wrote the whole plan.",
        ),
        answer=1,
    ),
    DemoThread(
        "reusing_assets",
        "Offering: a one-page guide to writing for families",
        "We've put together a one-page guide on writing assessments that families can read: "
        "plain words, no jargon, strengths first. Happy to share it with anyone who wants "
        "to adapt it.",
        {"offering_or_seeking": "Offering, free to adapt."},
        (
            "This is brilliant, thank you. We're going to use it in our induction for newly "
            "qualified workers.",
            "Could it be adapted for reports to court? The tone there is so different.",
        ),
    ),
    DemoThread(
        "reusing_assets",
        "Looking for a visual tool to explain the child protection process to children",
        "Does anyone have a visual or story-based tool that explains child protection "
        "conferences to primary-age children?",
        {"offering_or_seeking": "Looking for one."},
        (
            "We use a simple comic strip our participation team drew. I can share the "
            "editable version.",
            "Three houses works well as a starting point, but it doesn't explain the "
            "meeting itself.",
        ),
        answer=0,
    ),
    DemoThread(
        "building_an_argument",
        "Making the case for protected reflective supervision time",
        "I'm preparing a paper for our senior leadership team arguing for protected "
        "reflective supervision, separate from case management. What evidence or examples "
        "have landed well in your organisations?",
        {"audience": "Our senior leadership team and the workforce board."},
        (
            "Retention figures were what moved our leaders. Teams with regular reflective "
            "groups had noticeably lower turnover over two years.",
            "We framed it as risk management: decisions made after reflection are better "
            "evidenced, which matters at inspection.",
            "Quote the workers themselves. A few anonymous lines from staff survey comments "
            "were more persuasive than any research paper.",
        ),
        answer=1,
    ),
    DemoThread(
        "growing_confidence",
        "Is it reasonable to challenge a police decision not to attend a joint visit?",
        "I felt uneasy when the police decided not to attend a joint visit last week. I "
        "didn't challenge it at the time. Would it be reasonable to raise it now, and how "
        "would you go about it?",
        {},
        (
            "Yes, it's reasonable. Use the escalation protocol; it exists so that "
            "disagreements are about the decision, not the people.",
            "I'd speak to your manager first and agree what you want to happen differently "
            "next time. It makes the conversation much calmer.",
        ),
        answer=0,
        anonymous=True,
    ),
    DemoThread(
        "discussing_developments",
        "Updated national guidance on working together: what's changing for you?",
        "The updated guidance on multi-agency working has now been published. What changes "
        "are your partnerships planning, and what are you worried about?",
        {"source_link": "https://www.gov.uk/government/publications"},
        (
            "Our partnership is reviewing the threshold document first. The bigger change "
            "for us is the expectation on education as a safeguarding partner.",
            "I'm worried about capacity. New expectations, same number of people.",
            "We've set up a practitioner reference group to test the changes before they go "
            "live. Happy to share how we set it up.",
        ),
    ),
    DemoThread(
        "documenting_solutions",
        "How we cut repeat referrals from schools by a third",
        "Writing this up so others can reuse it.",
        {
            "problem": "Schools were re-referring the same families because they never heard "
            "back after a referral was closed, so concerns were raised again "
            "from scratch.",
            "what_worked": "A short feedback letter to the referrer on every closure, with "
            "the outcome and who to contact, plus a termly drop-in for "
            "designated safeguarding leads.",
        },
        (
            "Thank you for writing this up. How long did it take before you saw the change?",
            "About two terms. The drop-ins mattered more than the letters in the end.",
        ),
        answer=1,
    ),
    DemoThread(
        "visits",
        "Visit to a family drug and alcohol court team",
        "A few of us are visiting a family drug and alcohol court team to see how their "
        "problem-solving approach works day to day. There is space for two more.",
        {"place": "A family court team in the North West", "visit_date": 28},
        (
            "I'd love to join. We are starting to look at this model for our area.",
            "Please share notes afterwards if you can. We can't get away that week.",
        ),
    ),
    DemoThread(
        "mapping_knowledge",
        "Who knows about working with unaccompanied young people?",
        "We keep getting questions about age assessments and support for unaccompanied "
        "young people. Let's map who in this community has experience, and where the gaps "
        "are.",
        {
            "gaps": "Age assessment practice, immigration advice, and mental health support "
            "for young people who have experienced trauma."
        },
        (
            "I have five years in a leaving care team and can help with pathway planning.",
            "Our area has a specialist team; I can put people in touch with the manager.",
            "The gap for us is interpreters who understand social care. Anyone solved that?",
        ),
    ),
)


# --- the national scale's volume of discussion (``seeding_volume.py``) ---------------------
# Titles are a pattern and a topic; bodies are two to six sentences drawn from the demo
# threads above and from these, so two million posts read like a practice forum rather
# than one text repeated. The same rules hold: nobody identifiable, no narrow places.

VOLUME_TOPICS: tuple[str, ...] = (
    "neglect",
    "child criminal exploitation",
    "domestic abuse",
    "parental mental health",
    "transitions to adult services",
    "early help assessments",
    "school attendance",
    "private fostering",
    "kinship care",
    "young carers",
    "missing episodes",
    "online harm",
    "disabled children",
    "unaccompanied young people",
    "parental substance use",
    "strategy discussions",
    "core group meetings",
    "family group conferences",
    "care leavers",
    "pre-birth assessments",
    "contextual safeguarding",
    "home education",
    "bruising in non-mobile babies",
    "supervision",
    "court work",
)

VOLUME_TITLES: tuple[tuple[str, str], ...] = (
    ("problem_solving", "Stuck on {topic}: what has worked for you?"),
    ("problem_solving", "Referrals about {topic} keep bouncing between teams"),
    ("request_for_information", "Does anyone have a good checklist for {topic}?"),
    ("request_for_information", "Local guidance on {topic}: who has an up-to-date version?"),
    ("seeking_experience", "First case involving {topic}, any advice?"),
    ("seeking_experience", "How do you talk with families about {topic}?"),
    ("reusing_assets", "Offering: our team's one-page guide to {topic}"),
    ("building_an_argument", "Making the case for more time on {topic}"),
    ("growing_confidence", "Am I right to push back on a decision about {topic}?"),
    ("discussing_developments", "What is changing in practice on {topic}?"),
    ("documenting_solutions", "What we changed on {topic}, and what happened"),
    ("mapping_knowledge", "Who knows about {topic} across agencies?"),
)

VOLUME_SENTENCES: tuple[str, ...] = (
    "We had the same question in our team last year.",
    "The health visitor was the first to notice, and her notes made the difference.",
    "Our school's designated safeguarding lead now joins the first meeting as standard.",
    "It helped to agree who writes the chronology before the meeting, not after it.",
    "I would start by asking the family what they think the worry is.",
    "The police officer in our hub shares what they can on the day, and follows up in writing.",
    "We found that a short written plan, shared with everyone, stopped the drift.",
    "Supervision gave me the space to see that I had been carrying this alone.",
    "Our partnership produced a practice note on this, and it is worth asking for yours.",
    "The youth worker knew the young person far better than any of us did.",
    "Have you tried a joint visit with the school nurse?",
    "In my experience the first conversation sets the tone for everything after it.",
    "We now record the child's own words at the top of every assessment.",
    "A multi-agency huddle once a week kept everyone on the same page.",
    "It took three months to change, but the families noticed.",
    "I found the research briefing on this really useful for framing the conversation.",
    "Our managers agreed to protect an hour a week for this, and they have kept to it.",
    "The GP practice responded faster once we used the safeguarding inbox.",
    "We stopped sending letters and started phoning, which made a real difference.",
    "Please share the template if you are happy to, it sounds like what we need.",
    "Thank you, this is exactly the kind of practice I was hoping to hear about.",
    "We tried something similar and it fell away when the lead moved on.",
    "Writing the plan in plain language helped the parents as much as the professionals.",
    "The charity we work with runs a parents' group that families trust more than us.",
    "I would be careful about doing this without the family's consent.",
    "It is worth checking what your local threshold document says first.",
    "Our learning review found that nobody had asked the child directly.",
    "The education welfare officer was a great ally once we involved them early.",
    "We bring the interpreter into the planning, not just the visit.",
    "Reflective group supervision helped us see a pattern across several families.",
    "The court wanted a clearer analysis, not more detail.",
    "We put the worry statement and the goal on one page, and it changed the meeting.",
    "Starting with strengths made the family far more willing to engage.",
    "Our team keeps a shared list of contacts in each agency, updated monthly.",
    "I have seen this work well when one person holds the relationship.",
    "It felt uncomfortable to escalate, but it was the right call.",
    "The training last spring covered this, and the slides are still useful.",
    "We agreed a single point of contact in each agency, which cut the emails in half.",
    "The young person chose where to meet, and they talked far more.",
    "Our audit showed the same gap, so you are not alone in this.",
    "A practice example from another area gave us the confidence to try.",
    "Looking at it again with a colleague from health changed my view.",
    "The mental health practitioner in our team is happy to talk this through.",
    "We made the information-sharing agreement the first item on the agenda.",
    "I would recommend the practice guidance from the national panel on this.",
    "Families told us the letters were hard to read, so we rewrote them together.",
    "Our early help team picked this up before it reached the threshold.",
    "The housing officer turned out to be the key person in the network.",
    "A short check-in after the meeting caught what people had not said in the room.",
    "We are trying this now and will report back in a few months.",
)

"""Knowledge answers: a pack's help-centre articles, retrieved with BM25 and cited."""

from tollgate.knowledge.answer import KnowledgeAnswer, KnowledgeBase, load_knowledge
from tollgate.knowledge.articles import KnowledgeError, Passage, load_passages
from tollgate.knowledge.grounding import guard_knowledge_answer, ungrounded_claims
from tollgate.knowledge.index import Hit, KnowledgeIndex

__all__ = [
    "Hit",
    "KnowledgeAnswer",
    "KnowledgeBase",
    "KnowledgeError",
    "KnowledgeIndex",
    "Passage",
    "guard_knowledge_answer",
    "load_knowledge",
    "load_passages",
    "ungrounded_claims",
]

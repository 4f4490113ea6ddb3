"""Example tools over the bundled documents, each showing one feature of the MCP spec.

Structured output (``search_documents``), annotations, a title and an icon (``hello``),
progress and resource links (``list_documents``), a form the client shows the user
(``give_feedback``), and a resource template whose argument clients complete (``document``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal, TypeVar

from fastmcp import Context
from fastmcp.exceptions import ResourceError, ToolError
from fastmcp.resources import resource
from fastmcp.server.elicitation import AcceptedElicitation, get_elicitation_schema
from fastmcp.tools import tool
from mcp.types import (
    ElicitRequest,
    ElicitRequestFormParams,
    ElicitResult,
    Icon,
    InputRequiredResult,
    ResourceLink,
)
from mcp_types.version import MODERN_PROTOCOL_VERSIONS
from pydantic import BaseModel, Field, ValidationError
from typing_extensions import TypedDict

from minimal_stdio.components import completes

Category = Literal["legal", "finance", "engineering"]


@dataclass(frozen=True)
class Document:
    """A document in the searchable index."""

    title: str
    url: str
    category: Category
    body: str

    @property
    def uri(self) -> str:
        """Where the ``document`` resource template serves it: ``docs://documents/expenses``."""
        return f"docs://documents/{self.url.rsplit('/', 1)[1]}"


class SearchHit(TypedDict):
    """One search result."""

    title: str
    url: str
    category: Category
    snippet: str


# A small in-memory index so the tool works out of the box; replace it with your own store.
DOCUMENTS: tuple[Document, ...] = (
    Document(
        "Expense policy",
        "https://docs.example.com/finance/expenses",
        "finance",
        "Employees submit expenses within 30 days. Travel and meals need receipts.",
    ),
    Document(
        "Quarterly budget process",
        "https://docs.example.com/finance/budget",
        "finance",
        "Budgets are proposed by each team lead and approved by finance every quarter.",
    ),
    Document(
        "Contract review checklist",
        "https://docs.example.com/legal/contracts",
        "legal",
        "Every vendor contract needs a data processing agreement and a liability cap.",
    ),
    Document(
        "Deployment guide",
        "https://docs.example.com/engineering/deploy",
        "engineering",
        "Deploy with Docker; the health check endpoint is /health and secrets come from env.",
    ),
    Document(
        "Incident response",
        "https://docs.example.com/engineering/incidents",
        "engineering",
        "Page the on-call engineer, open an incident channel and write a postmortem.",
    ),
)

MAX_SNIPPET = 160
READ_ONLY = {"readOnlyHint": True, "openWorldHint": False}
# Icons are URLs; a data: URL keeps this one inside the server.
WAVE = Icon(
    src="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E"
    "%3Ccircle cx='8' cy='8' r='7'/%3E%3C/svg%3E",
    mime_type="image/svg+xml",
)


@tool(title="Say hello", icons=[WAVE], annotations=READ_ONLY)
def hello(
    name: Annotated[
        str, Field(min_length=1, max_length=100, description="The person's name, 1-100 characters.")
    ],
) -> str:
    """Greet someone by name. Use it to check that the server is reachable.

    Returns a greeting such as "Hello, Ada!".

    Args:
        name: The person's name, 1-100 characters.
    """
    cleaned = name.strip()
    if not cleaned:
        raise ToolError("name must contain at least one non-space character.")
    return f"Hello, {cleaned}!"


def _matches(document: Document, query: str) -> bool:
    text = f"{document.title} {document.body}".lower()
    alternatives = [part.split() for part in query.lower().split(" or ")]
    # Terms within an alternative must all match (AND); any alternative may match (OR).
    return any(
        terms and all(term in text for term in terms if term != "and") for terms in alternatives
    )


@tool(title="Search documents", annotations=READ_ONLY)
def search_documents(
    query: Annotated[
        str,
        Field(
            min_length=1,
            max_length=200,
            description="Case-insensitive keywords; all must match. Join alternatives with OR.",
        ),
    ],
    max_results: Annotated[
        int, Field(ge=1, le=100, description="Maximum number of results, 1-100.")
    ] = 10,
    category: Annotated[
        Category | None, Field(description="Only return documents in this category.")
    ] = None,
) -> list[SearchHit]:
    """Search the internal documents (policies, guides, checklists) by keyword.

    Use it to answer questions about company policy, finance, legal or engineering
    procedures. Returns matching documents, best first, each with title, url, category and a
    snippet; an empty list means nothing matched.

    Args:
        query: Case-insensitive keywords. All words must match ("travel receipts");
            join alternatives with OR ("budget OR expenses"). 1-200 characters.
        max_results: Maximum number of results, 1-100. Default 10.
        category: Optional filter: 'legal', 'finance' or 'engineering'.
    """
    if not query.strip():
        raise ToolError("query must contain at least one keyword.")
    hits: list[SearchHit] = []
    for document in DOCUMENTS:
        if category is not None and document.category != category:
            continue
        if _matches(document, query):
            hits.append(
                SearchHit(
                    title=document.title,
                    url=document.url,
                    category=document.category,
                    snippet=document.body[:MAX_SNIPPET],
                )
            )
    return hits[:max_results]


@resource("docs://documents/{slug}", mime_type="text/plain")
def document(slug: str) -> str:
    """The full text of one bundled document, by the last part of its URL (e.g. 'expenses')."""
    for found in DOCUMENTS:
        if found.uri.endswith(f"/{slug}"):
            return f"{found.title}\n\n{found.body}\n"
    raise ResourceError(f"No document {slug!r}; list_documents links every document.")


@completes("docs://documents/{slug}", "slug")
def document_slugs(typed: str) -> list[str]:
    """Completes the ``slug`` of ``docs://documents/{slug}`` as the user types it."""
    slugs = (found.uri.rsplit("/", 1)[1] for found in DOCUMENTS)
    return [slug for slug in slugs if slug.startswith(typed)]


@tool(title="List documents", annotations=READ_ONLY)
async def list_documents(
    ctx: Context,
    category: Annotated[
        Category | None, Field(description="Only list documents in this category.")
    ] = None,
) -> list[ResourceLink]:
    """List the bundled documents as links the client can open, reporting progress.

    Use it to browse what exists before reading a document. Returns one resource link per
    document (docs://documents/...), to be read with resources/read.

    Args:
        category: Optional filter: 'legal', 'finance' or 'engineering'.
    """
    chosen = [found for found in DOCUMENTS if category in (None, found.category)]
    links = []
    for done, found in enumerate(chosen, start=1):
        # A slow tool reports progress so clients can show it and keep waiting.
        await ctx.report_progress(done, len(chosen), f"Listed {found.title}")
        links.append(ResourceLink(name=found.title, uri=found.uri, mime_type="text/plain"))
    return links


Form = TypeVar("Form", bound=BaseModel)


class Feedback(BaseModel):
    """The form the user fills in."""

    rating: int = Field(ge=1, le=5, description="1 (poor) to 5 (excellent).")
    comment: str = Field(default="", max_length=500, description="Anything to add.")


async def ask(ctx: Context, message: str, form: type[Form]) -> Form | InputRequiredResult | None:
    """The user's answers to ``form``, or None if they declined or the client has no forms.

    Since MCP 2026-07-28 a tool asks by returning the question: the client calls it again
    with the answer. Older connections ask in the middle of the call (``ctx.elicit``).
    """
    answered = (ctx.input_responses or {}).get("form")
    if isinstance(answered, ElicitResult):
        if answered.action != "accept":
            return None
        try:
            return form.model_validate(answered.content)
        except ValidationError:
            raise ToolError("The form came back with invalid answers; try again.") from None
    capabilities = ctx.session.client_capabilities
    if capabilities is None or capabilities.elicitation is None:
        return None
    if ctx.session.protocol_version in MODERN_PROTOCOL_VERSIONS:
        schema = get_elicitation_schema(form)
        request = ElicitRequestFormParams(message=message, requested_schema=schema)
        return InputRequiredResult(input_requests={"form": ElicitRequest(params=request)})
    result = await ctx.elicit(message, form)
    return result.data if isinstance(result, AcceptedElicitation) else None


@tool(title="Give feedback", annotations={"readOnlyHint": True, "openWorldHint": False})
async def give_feedback(ctx: Context) -> str | InputRequiredResult:
    """Ask the user, in a form, to rate this server from 1 to 5 and add a comment.

    Use it when the user wants to give feedback. Returns their rating and comment as text,
    or says that no feedback was given (declined, or the client cannot show forms).
    """
    answer = await ask(ctx, "How useful is this server?", Feedback)
    if answer is None:
        return "No feedback was given (declined, or this client cannot show forms)."
    if isinstance(answer, InputRequiredResult):
        return answer
    return f"Rated {answer.rating}/5. {answer.comment}".strip()

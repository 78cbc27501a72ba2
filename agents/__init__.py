"""The four kinds of actor in co-creation: citizens, professionals, leaders and politicians."""

from samskaping.agents.citizen import Citizen, Citizens
from samskaping.agents.leader import Leader, Leaders
from samskaping.agents.politician import Council, Politician, council_allocation
from samskaping.agents.professional import Professional, Professionals

__all__ = [
    "Citizen",
    "Citizens",
    "Council",
    "Leader",
    "Leaders",
    "Politician",
    "Professional",
    "Professionals",
    "council_allocation",
]

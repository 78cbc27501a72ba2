"""Small numeric helpers that the agents and the model share: one random stream per mechanism,
fast normal draws, and sums over a citizen's domains. They know nothing of the model."""

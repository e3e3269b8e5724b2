"""The Compendium of United Nations standards and norms in crime prevention and criminal justice."""

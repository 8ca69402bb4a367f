"""Icons and images shipped with the app; read them with importlib.resources."""

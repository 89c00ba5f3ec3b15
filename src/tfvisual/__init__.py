"""TensorFlow, Visually: data, models, export, figures and the MkDocs hooks of the site."""

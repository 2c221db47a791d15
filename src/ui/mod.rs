//! The Yew web app.

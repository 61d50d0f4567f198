"""tuilink's own theme: Link's white card on a dimmed host page, black primary actions."""
from textual.theme import Theme

TUILINK_THEME = Theme(
    name="tuilink",
    primary="#111111",
    secondary="#3d4a5c",
    accent="#2563eb",
    warning="#b45309",
    error="#c0262d",
    success="#15803d",
    foreground="#111111",
    background="#c9ced6",
    surface="#ffffff",
    panel="#eef1f5",
    dark=False,
    variables={
        "footer-background": "#1f2933",
        "footer-key-foreground": "#ffffff",
        "footer-description-foreground": "#d5dae1",
        "input-selection-background": "#2563eb 35%",
        "block-cursor-background": "#2563eb",
        "block-cursor-foreground": "#ffffff",
    },
)

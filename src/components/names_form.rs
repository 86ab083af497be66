//! The names fields shared by Welcome and Settings: both partners (or "just
//! me for now"), optional pronouns, and what brings them here.

use leptos::prelude::*;

use crate::components::show::Show;
use crate::domain::couple::{FormError, NamesForm, Struggle, NAME_MAX, PRONOUNS_MAX};
use crate::state::AppState;

/// The form's live values, one signal per field.
#[derive(Clone, Copy)]
pub struct NamesDraft {
    pub a_name: RwSignal<String>,
    pub a_pronouns: RwSignal<String>,
    pub just_me: RwSignal<bool>,
    pub b_name: RwSignal<String>,
    pub b_pronouns: RwSignal<String>,
    pub struggles: RwSignal<Vec<Struggle>>,
    pub errors: RwSignal<Vec<FormError>>,
}

impl NamesDraft {
    pub fn new(form: NamesForm) -> Self {
        NamesDraft {
            a_name: RwSignal::new(form.a_name),
            a_pronouns: RwSignal::new(form.a_pronouns),
            just_me: RwSignal::new(form.just_me),
            b_name: RwSignal::new(form.b_name),
            b_pronouns: RwSignal::new(form.b_pronouns),
            struggles: RwSignal::new(form.struggles),
            errors: RwSignal::new(Vec::new()),
        }
    }

    /// Puts `form` in the fields.
    pub fn set(&self, form: NamesForm) {
        self.a_name.set(form.a_name);
        self.a_pronouns.set(form.a_pronouns);
        self.just_me.set(form.just_me);
        self.b_name.set(form.b_name);
        self.b_pronouns.set(form.b_pronouns);
        self.struggles.set(form.struggles);
    }

    /// Subscribes the running effect to every field.
    pub fn track(&self) {
        self.a_name.track();
        self.a_pronouns.track();
        self.just_me.track();
        self.b_name.track();
        self.b_pronouns.track();
        self.struggles.track();
    }

    pub fn form(&self) -> NamesForm {
        NamesForm {
            a_name: self.a_name.get_untracked(),
            a_pronouns: self.a_pronouns.get_untracked(),
            just_me: self.just_me.get_untracked(),
            b_name: self.b_name.get_untracked(),
            b_pronouns: self.b_pronouns.get_untracked(),
            struggles: self.struggles.get_untracked(),
        }
    }

    /// Keeps what is typed as a form's unsent words (across pages and, lock
    /// off, a reload) while the fields differ from `shown` (the saved names
    /// the form showed; none on Welcome), and puts back what was kept. The
    /// names it was typed over are kept too: so `NamesForm::follow` still
    /// tells the fields someone edited from those saved meanwhile elsewhere.
    pub fn keep_unsent(&self, state: AppState, field: &str, shown: Option<StoredValue<NamesForm>>) {
        fn fields(f: NamesForm, out: &mut Vec<String>) {
            let struggles: Vec<&str> = f.struggles.iter().map(|s| s.key()).collect();
            let just_me = if f.just_me { "1" } else { "" };
            out.extend([
                f.a_name,
                f.a_pronouns,
                just_me.into(),
                f.b_name,
                f.b_pronouns,
                struggles.join(" "),
            ]);
        }
        fn form(f: &[String]) -> Option<NamesForm> {
            let [a_name, a_pronouns, just_me, b_name, b_pronouns, struggles] = f else {
                return None;
            };
            Some(NamesForm {
                a_name: a_name.clone(),
                a_pronouns: a_pronouns.clone(),
                just_me: !just_me.is_empty(),
                b_name: b_name.clone(),
                b_pronouns: b_pronouns.clone(),
                struggles: Struggle::ALL
                    .into_iter()
                    .filter(|s| struggles.split(' ').any(|k| k == s.key()))
                    .collect(),
            })
        }
        let draft = *self;
        let base = move || shown.map(|s| s.get_value()).unwrap_or_default();
        let kept = state.unsent_form(
            field.into(),
            Box::new(move || {
                draft.track();
                let (f, was) = (draft.form(), base());
                (f != was).then(|| {
                    let mut out = Vec::new();
                    fields(f, &mut out);
                    fields(was, &mut out);
                    out
                })
            }),
        );
        let Some(kept) = kept.filter(|k| k.len() == 12) else {
            return;
        };
        if let (Some(typed), Some(was)) = (form(&kept[..6]), form(&kept[6..])) {
            if let Some(shown) = shown {
                shown.set_value(was);
            }
            draft.set(typed);
        }
    }

    /// Shows the errors and moves focus to the first field that needs care.
    pub fn show_errors(&self, errors: Vec<FormError>) {
        let first = errors.first().map(|e| e.field);
        self.errors.set(errors);
        if let Some(field) = first {
            super::page::focus_id(field);
        }
    }
}

#[component]
fn TextField(
    id: &'static str,
    label: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    value: RwSignal<String>,
    max: usize,
    errors: RwSignal<Vec<FormError>>,
    #[prop(optional)] autocomplete: Option<&'static str>,
) -> impl IntoView {
    let error = move || errors.with(|es| FormError::for_field(es, id));
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described = {
        let (h, e) = (hint_id.clone(), error_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(h.clone());
            }
            if error().is_some() {
                ids.push(e.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field">
            <label for=id>{label}</label>
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{h}</p> })}
            <input
                id=id
                name=id
                type="text"
                autocomplete=autocomplete.unwrap_or("off")
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
                aria-invalid=move || error().is_some().then_some("true")
                aria-describedby=described
            />
            <super::limit::OverLimit text=value max=max/>
            {move || error().map(|msg| view! { <p class="error" id=error_id.clone()>{msg}</p> })}
        </div>
    }
}

#[component]
pub fn NamesFields(draft: NamesDraft) -> impl IntoView {
    let errors = draft.errors;
    view! {
        <fieldset>
            <legend>"You"</legend>
            <TextField id="a_name" label="Your name" value=draft.a_name max=NAME_MAX errors autocomplete="given-name"/>
            <TextField
                id="a_pronouns"
                label="Your pronouns (optional)"
                hint="For example: she/her, he/him, they/them."
                value=draft.a_pronouns
                max=PRONOUNS_MAX
                errors
            />
        </fieldset>
        <fieldset>
            <legend>"Your partner"</legend>
            <div class="check">
                <input
                    type="checkbox"
                    id="just_me"
                    prop:checked=move || draft.just_me.get()
                    on:change=move |ev| draft.just_me.set(event_target_checked(&ev))
                />
                <label for="just_me">"Just me for now (my partner can join later)"</label>
            </div>
            <Show when=move || !draft.just_me.get()>
                <TextField id="b_name" label="Your partner's name" value=draft.b_name max=NAME_MAX errors/>
                <TextField
                    id="b_pronouns"
                    label="Your partner's pronouns (optional)"
                    value=draft.b_pronouns
                    max=PRONOUNS_MAX
                    errors
                />
            </Show>
        </fieldset>
        <fieldset>
            <legend>"What brings you here? (optional, choose any)"</legend>
            <div class="chips">
                {Struggle::ALL
                    .into_iter()
                    .map(|s| {
                        let id = format!("struggle-{}", s.key());
                        view! {
                            <div class="chip">
                                <input
                                    type="checkbox"
                                    id=id.clone()
                                    prop:checked=move || draft.struggles.with(|v| v.contains(&s))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        draft.struggles.update(|v| {
                                            v.retain(|x| *x != s);
                                            if on {
                                                v.push(s);
                                            }
                                        });
                                    }
                                />
                                <label for=id>{s.label()}</label>
                            </div>
                        }
                    })
                    .collect_view()}
            </div>
        </fieldset>
    }
}

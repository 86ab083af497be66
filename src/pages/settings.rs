//! Settings & data: names, backups (download, Markdown, import), storage
//! used, delete everything.

use std::time::Duration;

use leptos::prelude::*;

use crate::components::backup::Backups;
use crate::components::confirm::{ConfirmBox, ConfirmToggle};
use crate::components::effect::effect;
use crate::components::links::Location;
use crate::components::names_form::{NamesDraft, NamesFields};
use crate::components::page::{focus_id, remember_opener, Later, PageHeading};
use crate::components::pwa::KeepData;
use crate::domain::couple::NamesForm;
use crate::state::AppState;

#[component]
pub fn Settings() -> impl IntoView {
    view! {
        <PageHeading title="Settings"/>
        <Names/>
        <Later>
            <Backups/>
            <YourData/>
            <crate::components::lock::LockSection/>
            <KeepData/>
        </Later>
    }
}

#[component]
fn Names() -> impl IntoView {
    let state = expect_context::<AppState>();
    let saved_names = move || {
        state
            .doc
            .with_untracked(|d| d.couple.as_ref().map(NamesForm::from_couple).unwrap_or_default())
    };
    // The names as the form showed them: saved in another window (or
    // merged from a backup) since, they come into the fields nobody typed
    // in here, so saving never puts an old name back.
    let shown = StoredValue::new(saved_names());
    let draft = NamesDraft::new(shown.get_value());
    // A rename half-typed survives another page and a reload; saving it
    // (the fields then show what was saved) forgets it.
    draft.keep_unsent(state, "names", Some(shown));
    // This save's own outcome: "Saving names…" until it is written (with
    // the lock on, once sealed), then saved; nothing when it failed (the
    // save error says why).
    let saved = RwSignal::new(None::<String>);
    let save = move |form: NamesForm| {
        let Ok((a, b, struggles)) = form.validate() else {
            return;
        };
        draft.errors.set(Vec::new());
        saved.set(Some("Saving names\u{2026}".into()));
        let joins = b.is_some() && state.solo();
        state.change_then(
            |doc, ctx| doc.set_couple(ctx, a, b, struggles),
            move |ok| {
                // A partner who joins has what was shared alone waiting: the
                // one who wrote it hears so once, here, and chooses when.
                let note = joins
                    .then(|| {
                        state.doc.with_untracked(|d| {
                            let names = crate::domain::dilemma::Names::of(d.couple.as_ref()?);
                            d.dilemmas.joined_note(&names)
                        })
                    })
                    .flatten()
                    .map_or(String::new(), |n| format!(" {n}"));
                let _ = saved.try_set(ok.then(|| format!("Names saved.{note}")));
            },
        );
        // The fields show what was saved (names tidied, topics in order), so
        // the next save compares like with like.
        draft.set(saved_names());
        shown.set_value(saved_names());
    };
    // "Just me for now" with a partner's name saved: asked first, as the
    // name goes and what the partner wrote goes out of sight.
    let leaving = RwSignal::new(None::<(NamesForm, String)>);
    let asking = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(None);
        let form = draft.form().follow(&shown.get_value(), &saved_names());
        draft.set(form.clone());
        if let Err(errors) = form.validate() {
            draft.show_errors(errors);
            shown.set_value(saved_names());
            return;
        }
        let partner = state.doc.with_untracked(|d| {
            d.couple
                .as_ref()
                .and_then(|c| c.b.as_ref().map(|b| b.name.clone()))
        });
        match partner.filter(|_| form.just_me) {
            Some(name) => {
                draft.errors.set(Vec::new());
                leaving.set(Some((form, name)));
                asking.set(true);
                remember_opener();
                request_animation_frame(|| focus_id("just-me-confirm-title"));
            }
            None => {
                leaving.set(None);
                asking.set(false);
                save(form)
            }
        }
    };
    let just_me = move |_| {
        leaving.set(None);
        asking.set(false);
        // The form as it is now, with what another window saved meanwhile.
        let form = draft.form().follow(&shown.get_value(), &saved_names());
        if form.just_me {
            save(form);
        }
        focus_id("just_me");
    };
    // "Keep us both" (or Escape): the form says so too, partner and all.
    let mut was_open = None;
    effect(move |_| {
        let open = asking.get();
        if was_open == Some(true) && !open && leaving.get_untracked().is_some() {
            leaving.set(None);
            draft.just_me.set(false);
        }
        was_open = Some(open);
    });
    let partner = move || leaving.with(|l| l.as_ref().map(|(_, n)| n.clone()).unwrap_or_default());
    view! {
        // Opened here before Welcome (a link kept from before, a restore on
        // a new phone): the note Welcome gives comes with the names here too.
        {move || state.doc.with(|d| d.couple.is_none()).then(crate::pages::welcome::SafetyNote)}
        <section aria-labelledby="names-title">
            <h2 id="names-title">"Names"</h2>
            <form class="card stack" on:submit=submit novalidate>
                <NamesFields draft/>
                <button type="submit" class="button-primary">"Save names"</button>
                <p role="status" class="small">{move || saved.get()}</p>
                <ConfirmBox
                    open=asking
                    id="just-me-confirm"
                    title="Use Hearth on your own for now?"
                    yes="Yes, just me for now"
                    keep="Keep us both"
                    on_yes=just_me
                >
                    <p>
                        {move || format!(
                            "{p}'s name is taken off. What {p} wrote stays saved but hidden, \
                             and shows again when you add a partner.",
                            p = partner()
                        )}
                    </p>
                </ConfirmBox>
            </form>
        </section>
    }
}

#[component]
fn YourData() -> impl IntoView {
    let state = expect_context::<AppState>();
    let location = expect_context::<Location>();
    // Measuring reads every saved text back (megabytes after years of use),
    // so it waits until the page is painted and never holds up showing it.
    let used = RwSignal::new(None::<usize>);
    effect(move |_| {
        state.doc.track();
        request_animation_frame(move || {
            set_timeout(
                move || {
                    let _ = used.try_set(Some(state.bytes_used()));
                },
                Duration::ZERO,
            )
        });
    });
    let message = RwSignal::new(None::<String>);
    let confirming = RwSignal::new(false);

    let inventory = move || state.doc.with(|d| d.inventory());
    let delete = move |_| match state.delete_everything() {
        Ok(_) => {
            confirming.set(false);
            location.navigate("/");
        }
        Err(e) => message.set(Some(e)),
    };

    view! {
        <section aria-labelledby="data-title">
            <h2 id="data-title">"Your data"</h2>
            <div class="card stack">
                <p>
                    "Everything you write stays in this browser on this device. Nothing is sent anywhere."
                </p>
                <p>"Hearth uses " <strong>{move || used.get().map(crate::domain::figures::size).unwrap_or_else(|| "\u{2026}".into())}</strong> " of this browser's storage."</p>
                <div class="actions">
                    <ConfirmToggle open=confirming controls="delete-confirm" class="button-danger">
                        "Delete everything\u{2026}"
                    </ConfirmToggle>
                </div>
                <p role="status">{move || message.get()}</p>
                <ConfirmBox
                    open=confirming
                    id="delete-confirm"
                    title="Delete everything in Hearth?"
                    yes="Yes, delete everything"
                    keep="Keep my data"
                    on_yes=delete
                >
                    {move || {
                        let items = inventory();
                        if items.is_empty() {
                            view! { <p>"There is nothing saved yet, so nothing will be lost."</p> }.into_any()
                        } else {
                            view! {
                                <p>"This removes from this browser, for good:"</p>
                                <ul>{items.into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}</ul>
                                <p>"It also removes any safety copies Hearth kept in this browser (before a replace or an update). It can't be undone: download a backup first if you might want any of it back."</p>
                            }
                                .into_any()
                        }
                    }}
                </ConfirmBox>
            </div>
        </section>
    }
}

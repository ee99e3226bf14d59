/* The admin's language tabs (django-modeltranslation's tabbed_translation_fields.js), made
   safe for staff (issue 14):
   - a new inline row opens on the Polish tab, the one every row needs, whatever tab was
     clicked last (modeltranslation opens it on the last one: Polish text went into *_uk);
   - read-only pages (a published item an Editor may not change) get the same tabs and a
     working language selector, instead of an empty selector and four copies of each field.
   Loaded before tabbed_translation_fields.js (publishing/staff_forms.py), so the read-only
   fields are marked before modeltranslation groups fields into tabs. Without JavaScript
   every language's field is shown, labelled with its language. */
"use strict";
(function ($) {
  var AUTHORITATIVE = "pl";
  var TRANSLATED = /(?:^|\s)field-(\w+)_(pl|en|uk|be)(?:\s|$)/;

  function rowPrefix(element) {
    var row = $(element).closest(".inline-related[id]");
    return row.length ? row.attr("id") + "-" : "";
  }

  // Mark read-only translated fields the way modeltranslation marks inputs (mt-field-<name>-<lang>).
  function markReadOnlyFields() {
    $(".form-row").not(".empty-form .form-row").each(function () {
      var match = TRANSLATED.exec(this.className);
      var shown = $(this).find("div.readonly").first();
      if (!match || !shown.length || $(this).find(".mt").length) return;
      shown.addClass("mt mt-field-" + match[1] + "-" + match[2]);
      shown.attr("id", "id_" + rowPrefix(this) + match[1] + "_" + match[2]);
    });
  }

  // A read-only table of rows (a published commitment's milestones, for an Editor) has a column
  // per language: show the chosen language's, as the tabs do.
  var COLUMN = /(?:^|\s)(?:column|field)-\w+_(pl|en|uk|be)(?:\s|$)/;
  function readOnlyTranslationColumns() {
    $(".inline-group .tabular table").each(function () {
      var table = $(this);
      if (table.find("[class*='mt-field-']").length) return;  // editable: modeltranslation's tabs
      var cells = table.find("th, td").filter(function () { return COLUMN.test(this.className); });
      if (!cells.length) return;
      var show = function (language) {
        cells.each(function () { $(this).toggle(COLUMN.exec(this.className)[1] === language); });
      };
      show(AUTHORITATIVE);
      $(document).on("change", "#modeltranslation-main-switch", function () {
        show($.trim($(this).find("option:selected").text()));
      });
    });
  }

  function polishTab(container) {
    var tabs = $(container);
    var index = tabs.find("> ul > li > a").filter(function () {
      return $.trim($(this).text()).toLowerCase() === AUTHORITATIVE;
    }).parent().index();
    if (index >= 0 && tabs.data("ui-tabs")) tabs.tabs("option", "active", index);
  }

  // A read-only page has no inputs, so modeltranslation's selector gets no languages: fill it in.
  function fillEmptyLanguageSelector() {
    var select = $("#modeltranslation-main-switch");
    if (!select.length || select.find("option").length) return;
    var languages = [];
    $(".ui-tabs-nav").first().find("li > a").each(function () {
      languages.push($.trim($(this).text()));
    });
    if (!languages.length) {
      select.remove();
      return;
    }
    $.each(languages, function (index, language) {
      select.append($("<option>").val(index).text(language));
    });
  }

  // The admin is in Polish (it has no language prefix): the selector says what it switches.
  function labelLanguageSelector() {
    $("#modeltranslation-main-switch").attr({"aria-label": "Język pól", title: "Język pól"});
  }

  $(markReadOnlyFields);
  $(readOnlyTranslationColumns);
  $(function () {
    // After modeltranslation's own ready handler has built the tabs.
    window.setTimeout(function () {
      fillEmptyLanguageSelector();
      labelLanguageSelector();
    }, 0);
  });

  document.addEventListener("formset:added", function (event) {
    // modeltranslation builds the new row's tabs in its click handler, after this event.
    window.setTimeout(function () {
      $(event.target).find(".ui-tabs").each(function () { polishTab(this); });
    }, 0);
  });
})(django.jQuery);

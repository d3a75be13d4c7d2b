// Staff often type without diacritics: narrowing a long filter list folds them away
// ("bac ninh" finds "Bắc Ninh", "d" finds "đ"), as the server-side searches do.
"use strict";
(function () {
    function fold(text) {
        return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
            .replace(/[đĐ]/g, "d").toLowerCase().replace(/\s+/g, " ").trim();
    }
    function narrow(input) {
        const words = fold(input.value).split(" ").filter(Boolean);
        input.parentElement.querySelectorAll("li").forEach(function (item) {
            const text = " " + fold(item.textContent);
            item.hidden = !words.every(function (word) { return text.includes(" " + word); });
        });
    }
    // The change list shows three lines of a long title: the whole title is its tooltip.
    document.addEventListener("DOMContentLoaded", function () {
        document.querySelectorAll("#result_list .field-title a").forEach(function (link) {
            link.title = link.textContent.trim();
        });
    });
    document.addEventListener("input", function (event) {
        if (event.target.matches("input.filter-narrow")) {
            narrow(event.target);
        }
    });
})();

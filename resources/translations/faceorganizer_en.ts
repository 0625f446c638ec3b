<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>ConflictsButton</name>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/people/conflicts_dialog.py" line="255"/>
        <source>Sidecar conflicts (%n)</source>
        <translation>
            <numerusform>Sidecar conflicts (%n)</numerusform>
            <numerusform>Sidecar conflicts (%n)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Display</name>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/display.py" line="72"/>
        <source>cannot start the desktop app: Qt&apos;s X11 plugin needs system libraries that are missing: {libraries}.{hint} The command-line tools work without them (faceorganizer --help).</source>
        <translation>
            <numerusform>cannot start the desktop app: Qt&apos;s X11 plugin needs a system library that is missing: {libraries}.{hint} The command-line tools work without them (faceorganizer --help).</numerusform>
            <numerusform>cannot start the desktop app: Qt&apos;s X11 plugin needs system libraries that are missing: {libraries}.{hint} The command-line tools work without them (faceorganizer --help).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ErrorsDialog</name>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/scan_status.py" line="144"/>
        <source>%n file(s) could not be indexed:</source>
        <translation>
            <numerusform>%n file could not be indexed:</numerusform>
            <numerusform>%n files could not be indexed:</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FiltersView</name>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/photos/find_view.py" line="241"/>
        <source>%n+ photo(s)</source>
        <translation>
            <numerusform>%n+ photo</numerusform>
            <numerusform>%n+ photos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/photos/find_view.py" line="243"/>
        <source>%n photo(s)</source>
        <translation>
            <numerusform>%n photo</numerusform>
            <numerusform>%n photos</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/main_window.py" line="413"/>
        <source>%n photo(s) could not be read</source>
        <translation>
            <numerusform>%n photo could not be read</numerusform>
            <numerusform>%n photos could not be read</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/main_window.py" line="422"/>
        <source>%n photo(s) got no sidecar</source>
        <translation>
            <numerusform>%n photo got no sidecar</numerusform>
            <numerusform>%n photos got no sidecar</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindowTexts</name>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/main_window.py" line="98"/>
        <source>%n face(s)</source>
        <translation>
            <numerusform>%n face</numerusform>
            <numerusform>%n faces</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/main_window.py" line="99"/>
        <source>{faces} named in %n photo(s)</source>
        <translation>
            <numerusform>{faces} named in %n photo</numerusform>
            <numerusform>{faces} named in %n photos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/main_window.py" line="101"/>
        <source>%n new person(s)</source>
        <translation>
            <numerusform>%n new person</numerusform>
            <numerusform>%n new people</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/main_window.py" line="103"/>
        <source>%n named already</source>
        <translation>
            <numerusform>%n named already</numerusform>
            <numerusform>%n named already</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/main_window.py" line="105"/>
        <source>%n left as you decided</source>
        <translation>
            <numerusform>%n left as you decided</numerusform>
            <numerusform>%n left as you decided</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/main_window.py" line="107"/>
        <location filename="../../faceorganizer/gui/main_window.py" line="117"/>
        <source>%n error(s)</source>
        <translation>
            <numerusform>%n error</numerusform>
            <numerusform>%n errors</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/main_window.py" line="113"/>
        <source>Wrote %n XMP sidecar(s)</source>
        <translation>
            <numerusform>Wrote %n XMP sidecar</numerusform>
            <numerusform>Wrote %n XMP sidecars</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/main_window.py" line="115"/>
        <source>%n photo(s) with no names to write</source>
        <translation>
            <numerusform>%n photo with no names to write</numerusform>
            <numerusform>%n photos with no names to write</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/main_window.py" line="125"/>
        <source>… and %n more</source>
        <translation>
            <numerusform>… and %n more</numerusform>
            <numerusform>… and %n more</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OverlayTexts</name>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/camera/canvas.py" line="34"/>
        <location filename="../../faceorganizer/gui/photos/overlay.py" line="59"/>
        <source>%n year(s)</source>
        <translation>
            <numerusform>%n year</numerusform>
            <numerusform>%n years</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PeopleModel</name>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/people/grid_model.py" line="108"/>
        <source>%n face(s)</source>
        <translation>
            <numerusform>%n face</numerusform>
            <numerusform>%n faces</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/people/grid_model.py" line="114"/>
        <source>{name}: %n face(s) (F2 to rename)</source>
        <translation>
            <numerusform>{name}: %n face (F2 to rename)</numerusform>
            <numerusform>{name}: %n faces (F2 to rename)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PeopleTexts</name>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/people/grid_view.py" line="290"/>
        <source>Merge these %n people into {name} (their faces become {name}&apos;s), or keep them apart as another person also called {name}? Ctrl+Z undoes either.</source>
        <translation>
            <numerusform>Merge this person into {name} (their faces become {name}&apos;s), or keep them apart as another person also called {name}? Ctrl+Z undoes either.</numerusform>
            <numerusform>Merge these %n people into {name} (their faces become {name}&apos;s), or keep them apart as another person also called {name}? Ctrl+Z undoes either.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/people/grid_view.py" line="314"/>
        <source>Merge %n people into {name}?</source>
        <translation>
            <numerusform>Merge %n person into {name}?</numerusform>
            <numerusform>Merge %n people into {name}?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/people/grid_view.py" line="315"/>
        <source>All %n face(s) become {name}&apos;s.</source>
        <translation>
            <numerusform>All %n face becomes {name}&apos;s.</numerusform>
            <numerusform>All %n faces become {name}&apos;s.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/people/grid_view.py" line="318"/>
        <source>{names} will be gone.</source>
        <translation>
            <numerusform>{names} will be gone.</numerusform>
            <numerusform>{names} will be gone.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/people/grid_view.py" line="320"/>
        <source>Merge these %n unnamed people into one person?</source>
        <translation>
            <numerusform>Merge this unnamed person into one person?</numerusform>
            <numerusform>Merge these %n unnamed people into one person?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/people/grid_view.py" line="321"/>
        <source>Their %n face(s) will be one unnamed person; name them afterwards.</source>
        <translation>
            <numerusform>Their %n face will be one unnamed person; name them afterwards.</numerusform>
            <numerusform>Their %n faces will be one unnamed person; name them afterwards.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PeopleView</name>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/people/grid_view.py" line="240"/>
        <source>Name these %n people</source>
        <translation>
            <numerusform>Name this person</numerusform>
            <numerusform>Name these %n people</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PersonTexts</name>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/services.py" line="46"/>
        <source>Unnamed #{id} · %n face(s)</source>
        <translation>
            <numerusform>Unnamed #{id} · %n face</numerusform>
            <numerusform>Unnamed #{id} · %n faces</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PersonView</name>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/people/person_view.py" line="109"/>
        <source>%n suggested</source>
        <translation>
            <numerusform>%n suggested</numerusform>
            <numerusform>%n suggested</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/people/person_view.py" line="110"/>
        <source>&lt;b&gt;{name}&lt;/b&gt; — %n face(s)</source>
        <translation>
            <numerusform>&lt;b&gt;{name}&lt;/b&gt; — %n face</numerusform>
            <numerusform>&lt;b&gt;{name}&lt;/b&gt; — %n faces</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/people/person_view.py" line="150"/>
        <source>Who are these %n faces?</source>
        <translation>
            <numerusform>Who is this face?</numerusform>
            <numerusform>Who are these %n faces?</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PhotoBrowser</name>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/photos/browser.py" line="110"/>
        <source>&lt;b&gt;{group}&lt;/b&gt; — %n photo(s)</source>
        <translation>
            <numerusform>&lt;b&gt;{group}&lt;/b&gt; — %n photo</numerusform>
            <numerusform>&lt;b&gt;{group}&lt;/b&gt; — %n photos</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PhotoView</name>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/photos/viewer.py" line="195"/>
        <source>{path}  —  %n face(s)</source>
        <translation>
            <numerusform>{path}  —  %n face</numerusform>
            <numerusform>{path}  —  %n faces</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReviewView</name>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/people/review_view.py" line="123"/>
        <source>%n skipped: asked again when you open Review next time.</source>
        <translation>
            <numerusform>%n skipped: asked again when you open Review next time.</numerusform>
            <numerusform>%n skipped: asked again when you open Review next time.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/people/review_view.py" line="129"/>
        <source>Strangers? %n face(s) seen once or too small to tell</source>
        <translation>
            <numerusform>Strangers? %n face seen once or too small to tell</numerusform>
            <numerusform>Strangers? %n faces seen once or too small to tell</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/people/review_view.py" line="134"/>
        <location filename="../../faceorganizer/gui/people/review_view.py" line="138"/>
        <source>%n face(s) of someone unnamed</source>
        <translation>
            <numerusform>%n face of someone unnamed</numerusform>
            <numerusform>%n faces of someone unnamed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/people/review_view.py" line="142"/>
        <source>%n skipped</source>
        <translation>
            <numerusform>%n skipped</numerusform>
            <numerusform>%n skipped</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/people/review_view.py" line="226"/>
        <source>%n face(s) are {name}</source>
        <translation>
            <numerusform>%n face is {name}</numerusform>
            <numerusform>%n faces are {name}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/people/review_view.py" line="256"/>
        <source>%n face(s) tucked away</source>
        <translation>
            <numerusform>%n face tucked away</numerusform>
            <numerusform>%n faces tucked away</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ScanStatus</name>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/scan_status.py" line="239"/>
        <location filename="../../faceorganizer/gui/scan_status.py" line="251"/>
        <location filename="../../faceorganizer/gui/scan_status.py" line="275"/>
        <source>%n error(s)</source>
        <translation>
            <numerusform>%n error</numerusform>
            <numerusform>%n errors</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/scan_status.py" line="242"/>
        <location filename="../../faceorganizer/gui/scan_status.py" line="249"/>
        <location filename="../../faceorganizer/gui/scan_status.py" line="274"/>
        <source>%n face(s)</source>
        <translation>
            <numerusform>%n face</numerusform>
            <numerusform>%n faces</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/scan_status.py" line="249"/>
        <location filename="../../faceorganizer/gui/scan_status.py" line="274"/>
        <source>%n photo(s)</source>
        <translation>
            <numerusform>%n photo</numerusform>
            <numerusform>%n photos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/scan_status.py" line="272"/>
        <source>Indexed %n new photo(s)</source>
        <translation>
            <numerusform>Indexed %n new photo</numerusform>
            <numerusform>Indexed %n new photos</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ScanTexts</name>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/scan_status.py" line="44"/>
        <source>about %n min left</source>
        <translation>
            <numerusform>about %n min left</numerusform>
            <numerusform>about %n min left</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Sidecars</name>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/watching.py" line="72"/>
        <source>{file}: its XMP sidecar names a face “{there}” that you named “{here}”; your name is kept (%n conflict(s) in all)</source>
        <translation>
            <numerusform>{file}: its XMP sidecar names a face “{there}” that you named “{here}”; your name is kept (%n conflict in all)</numerusform>
            <numerusform>{file}: its XMP sidecar names a face “{there}” that you named “{here}”; your name is kept (%n conflicts in all)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>UnnamedView</name>
    <message numerus="yes">
        <location filename="../../faceorganizer/gui/people/unnamed_view.py" line="53"/>
        <source>%n face(s) nobody named yet</source>
        <translation>
            <numerusform>%n face nobody named yet</numerusform>
            <numerusform>%n faces nobody named yet</numerusform>
        </translation>
    </message>
</context>
</TS>
